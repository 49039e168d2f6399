// The parser of timed DNS lookups (dig, nslookup, host, getent, curl, the collector's): each with duration, outcome.
import { lineParser } from '../shared/line-parser.js';
import { pushBounded } from '../shared/push-bounded.js';
import {
  COMMAND_ECHO,
  classifyDnsTimingLine,
  LABELLED_LOOKUP,
  NAMELOOKUP,
  namelookupLabel,
  nameOf,
  strip,
  wallSeconds,
} from './dns-timing-lines.js';

export type DnsTool = 'dig' | 'nslookup' | 'getent' | 'host' | 'curl' | 'wget' | 'collector' | 'unknown';
/** Why a lookup got no answer: `unreachable` = no server replied (timeouts, network errors, EAI_AGAIN). */
export type DnsFailure = 'unreachable' | 'refused' | 'nxdomain' | 'servfail' | 'error';

/** One name lookup, assembled from the lines a tool printed for it. */
export interface DnsLookup {
  tool: DnsTool;
  name?: string;
  server?: string;
  /** The lookup's own duration: curl `time_namelookup`, collector `elapsed_ms`, curl's resolve timeout. */
  seconds?: number;
  /** Wall-clock seconds of the whole command, from `time` (real/elapsed). */
  wallSeconds?: number;
  /** dig's `;; Query time: N msec`. */
  queryMs?: number;
  /** DNS rcode from dig's header (`NOERROR`, `NXDOMAIN`, `SERVFAIL`...). */
  status?: string;
  answered: boolean;
  /** Attempts that timed out (`communications error ... timed out`, `connection timed out`). */
  timeouts: number;
  failure?: DnsFailure;
  /** The first lines that carry the numbers (bounded). */
  evidence: string[];
}

export interface DnsTiming {
  lookups: DnsLookup[];
  /** Lookups seen beyond the kept ones (their details are dropped; memory stays bounded). */
  omitted: number;
}

const MAX_LOOKUPS = 200;
const MAX_EVIDENCE = 4;
export const dnsTimingParser = lineParser<DnsTiming>({
  kind: 'dns-timing',
  command: /^(?:dig|nslookup|host|drill|getent\s+a?hosts|curl|wget|resolvectl\s+query)\b/,
  classify: classifyDnsTimingLine,
  read(notes, context) {
    const value: DnsTiming = { lookups: [], omitted: 0 };
    let current: DnsLookup | undefined;
    let curlVars: string[] = [];
    /** The text a `-w` format prints before `%{time_namelookup}` (`DNS-Lookup [`), as a pattern for its output. */
    let label: RegExp | undefined;

    const seal = (): void => {
      const done = current;
      current = undefined;
      if (!done) return;
      const timed = done.seconds !== undefined || done.wallSeconds !== undefined || done.queryMs !== undefined;
      if (!done.answered && !done.failure && !timed) return;
      pushBounded(value, value.lookups, done, MAX_LOOKUPS);
    };
    const start = (tool: DnsTool, name?: string): DnsLookup => {
      seal();
      current = { tool, answered: false, timeouts: 0, evidence: [] };
      if (name) current.name = name;
      return current;
    };
    const lookup = (tool: DnsTool = 'unknown'): DnsLookup => current ?? start(tool);
    const cite = (l: DnsLookup, line: string): void => {
      const text = line.trim().slice(0, 160);
      if (l.evidence.length < MAX_EVIDENCE && !l.evidence.includes(text)) l.evidence.push(text);
    };
    const fail = (l: DnsLookup, failure: DnsFailure, line: string): void => {
      if (!l.failure || failure === 'unreachable') l.failure = failure;
      cite(l, line);
    };
    const echo = (command: string): void => {
      const m = /(?:^|\s)(?:time\s+)?(nslookup|dig|host|getent|curl|wget|drill|resolvectl)\s+(.*)$/.exec(command);
      if (!m) return;
      const tool = (m[1] === 'drill' ? 'dig' : m[1] === 'resolvectl' ? 'unknown' : m[1]) as DnsTool;
      start(tool, nameOf(tool, m[2]!));
      const vars = [...command.matchAll(/%\{(\w+)\}/g)].map((v) => v[1]!);
      if (vars.length > 0) curlVars = vars;
    };
    if (context.command) echo(context.command);

    return {
      push(raw) {
        const line = strip(raw).trim();
        if (line === '') return;
        if (line.startsWith('; <<>> DiG')) {
          const args = line.split('<<>>')[2] ?? '';
          start('dig', nameOf('dig', args));
          return;
        }
        if (line.startsWith(';')) {
          readDig(line);
          return;
        }
        if (line.includes('%{time_namelookup}')) {
          label = namelookupLabel(line) ?? label;
          if (!COMMAND_ECHO.test(line)) return;
        }
        const own = label && !line.includes('%{') ? label.exec(line) : null;
        const labelled =
          own ??
          (!line.includes('%{') && /connect|total|transfer/i.test(line) && !NAMELOOKUP.test(line)
            ? LABELLED_LOOKUP.exec(line)
            : null);
        if (labelled) {
          const l = current && current.tool === 'curl' && current.seconds === undefined ? current : start('curl');
          l.seconds = Number(labelled[1]!.replace(',', '.')) / (labelled[2] ? 1000 : 1);
          l.answered = true;
          cite(l, `time_namelookup ${labelled[1]} (${line})`);
          return;
        }
        const collector = /(?:^|\s)elapsed_ms=(\d+)/.exec(line);
        if (collector) {
          readCollector(line, Number(collector[1]));
          return;
        }
        const namelookup = NAMELOOKUP.exec(line);
        if (namelookup) {
          const l = current && current.tool === 'curl' && current.seconds === undefined ? current : start('curl');
          l.seconds = Number(namelookup[1]!.replace(',', '.')) / (namelookup[2] ? 1000 : 1);
          cite(l, `time_namelookup: ${namelookup[1]}${namelookup[2] ?? ''}`);
          const exited = /Command exited with non-zero status (\d+)/.exec(line);
          if (exited) fail(l, 'error', exited[0]);
          else l.answered = true;
          return;
        }
        const wall = wallSeconds(line);
        if (wall !== undefined) {
          const l = current && current.wallSeconds === undefined ? current : start('unknown');
          l.wallSeconds = wall;
          cite(l, line);
          seal();
          return;
        }
        if (COMMAND_ECHO.test(line)) {
          echo(line);
          return;
        }
        if (/^(?:user|sys)\s+\d/.test(line)) return;
        readOther(line, raw);
      },
      end() {
        seal();
        return value;
      },
    };

    function readDig(line: string): void {
      const l = lookup('dig');
      const header = /status: ([A-Z]+)/.exec(line);
      if (line.startsWith(';; ->>HEADER<<-') && header) {
        l.status = header[1]!;
        l.answered = true;
        if (l.status === 'NXDOMAIN') fail(l, 'nxdomain', line);
        else if (l.status === 'SERVFAIL') fail(l, 'servfail', line);
        else if (l.status === 'REFUSED') fail(l, 'refused', line);
        return;
      }
      const query = /^;; Query time: (\d+) (m?sec|usec)/.exec(line);
      if (query) {
        l.queryMs = Number(query[1]) / (query[2] === 'usec' ? 1000 : 1);
        l.answered = true;
        cite(l, line);
        return;
      }
      const server = /^;; SERVER: ([^#(\s]+)/.exec(line);
      if (server) {
        l.server = server[1]!;
        return;
      }
      if (/timed out|no servers could be reached/.test(line)) {
        l.timeouts++;
        const to = /error to ([^#\s]+)/.exec(line);
        if (to && !l.server) l.server = to[1]!;
        if (/no servers could be reached|trying next origin/.test(line)) fail(l, 'unreachable', line);
        else cite(l, line);
        return;
      }
      if (/network unreachable|host unreachable|no route to host/i.test(line)) {
        fail(l, 'unreachable', line);
        return;
      }
      if (/connection refused/i.test(line)) {
        fail(l, 'refused', line);
        return;
      }
    }

    /**
     * The collector's `elapsed_ms=N rc=N name=X tool=T` line, after the tool's own output (docs/report-format.md).
     * A failure after several seconds is the resolver giving up on silent servers; a fast one is a negative answer.
     */
    function readCollector(line: string, ms: number): void {
      const fields = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
      const tool = (
        ['getent', 'nslookup', 'dig', 'host', 'curl', 'wget'].includes(fields.tool ?? '') ? fields.tool : 'collector'
      ) as DnsTool;
      const l = current && current.seconds === undefined ? current : start(tool, fields.name);
      if (fields.name && !l.name) l.name = fields.name;
      if (fields.server) l.server = fields.server;
      l.seconds = ms / 1000;
      cite(l, line);
      const rc = fields.rc === undefined ? 0 : Number(fields.rc);
      const status = (fields.status ?? '').toLowerCase();
      if (rc === 0 && !/fail|timeout|error/.test(status)) l.answered = true;
      else if (/timeout|timed/.test(status) || rc === 124 || rc === 137 || rc === 143 || ms >= 4900) {
        fail(l, 'unreachable', line);
      } else if (!l.failure) fail(l, rc === 2 && tool === 'getent' ? 'nxdomain' : 'error', line);
      seal();
    }

    function readOther(line: string, raw: string): void {
      const server = /^Server:\s+([\d.:a-fA-F]+)/.exec(line);
      if (server) {
        const l = current?.tool === 'nslookup' && !current.answered && !current.failure ? current : start('nslookup');
        l.server = server[1]!;
        return;
      }
      if (/^Name:\s+\S/.test(line) || line.startsWith('Non-authoritative answer')) {
        const l = lookup('nslookup');
        l.answered = true;
        if (!l.name) l.name = line.replace(/^Name:\s*/, '');
        return;
      }
      const cant =
        /^(?:\*\* server can't find|\*\*\* Can't find|nslookup: can't resolve|Host) '?([^':\s]+)'?(?: not found)?:?\s*(.*)$/.exec(
          line,
        );
      if (cant) {
        const l = lookup('nslookup');
        if (!l.name && cant[1] !== '(null)') l.name = cant[1]!;
        const why = cant[2] ?? '';
        if (/NXDOMAIN|does not resolve|not found/i.test(why)) {
          if (!l.answered || line.startsWith('**')) fail(l, 'nxdomain', line);
        } else if (/SERVFAIL/.test(why)) fail(l, 'servfail', line);
        else if (/REFUSED/.test(why)) fail(l, 'refused', line);
        else if (/Try again|timed out/i.test(why)) fail(l, 'unreachable', line);
        else if (!/No answer/.test(why)) fail(l, 'error', line);
        return;
      }
      const curl = /^curl: \((\d+)\) (.*)$/.exec(line);
      if (curl) {
        const l = lookup('curl');
        const ms = /Resolving timed out after (\d+) milli/.exec(curl[2]!);
        if (ms) {
          l.timeouts++;
          if (l.seconds === undefined) l.seconds = Number(ms[1]) / 1000;
          fail(l, 'unreachable', line);
          return;
        }
        if (curl[1] === '6') fail(l, 'error', line);
        return;
      }
      if (line.startsWith('wget: bad address')) {
        fail(lookup('wget'), 'error', line);
        return;
      }
      if (line.startsWith('Command exited with non-zero status')) {
        if (current?.tool === 'curl' && / 6$/.test(line)) fail(current, 'error', line);
        return;
      }
      if (/ has (?:IPv6 )?address /.test(line)) {
        lookup('host').answered = true;
        return;
      }
      const numbers = /^\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?)*$/.test(line) ? line.split(/\s+/) : undefined;
      const at = curlVars.indexOf('time_namelookup');
      if (numbers && at >= 0 && numbers[at] !== undefined) {
        const l = current?.tool === 'curl' && current.seconds === undefined ? current : start('curl');
        l.seconds = Number(numbers[at]);
        l.answered = true;
        cite(l, `time_namelookup ${numbers[at]} (${line})`);
        return;
      }
      if (/^[\d.:a-fA-F]+\s+\S/.test(line) && current && (current.tool === 'getent' || current.tool === 'unknown')) {
        current.answered = true;
        return;
      }
      if (/^[\d.]+$|^[\da-fA-F:]+$/.test(line) && current?.tool === 'dig') {
        current.answered = true;
        return;
      }
      if (!/^(?:Address|Aliases|Using domain server|time_|-{4,}|[\w.-]+\.?\s+\d+\s+IN\s)/.test(line)) {
        notes.skip('not a DNS lookup line', raw);
      }
    }
  },
});
