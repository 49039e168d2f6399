// The parser of `ipvsadm -Ln`: IPVS virtual servers and their real servers.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

export interface IpvsVirtualServerRef {
  protocol: string;
  /** `10.96.0.1:443`, `[fd00::1]:53`, or the firewall mark for FWM. */
  address: string;
  scheduler?: string;
}

export interface IpvsadmValue {
  version?: string;
  /** Connection hash table size (`size=4096`). */
  tableSize?: number;
  /** `list` (`-Ln`), `stats` (`--stats`), `rate` (`--rate`). */
  format?: 'list' | 'stats' | 'rate';
  virtualServers: number;
  realServers: number;
  /** Virtual servers listed without any real server (a Service without endpoints, on this node). */
  withoutRealServers: { count: number; servers: IpvsVirtualServerRef[] };
  /** Virtual servers whose real servers all have weight 0 (endpoints terminating). */
  allWeightZero: { count: number; servers: IpvsVirtualServerRef[] };
  activeConn: number;
  inactConn: number;
  /** Collector: `# netcheck: virtual_services=N real_servers=N` (true totals when the listing was cut). */
  declared?: { virtualServers: number; realServers: number };
  /** The listing was cut (collector `# netcheck: omitted N lines`): the last server may be incomplete. */
  truncated: boolean;
}

const COMMAND = /^ipvsadm\b(?!.*\s-(?:[AaDdEeCc]|-add|-delete|-edit|-clear|-restore|-save)\b)/;
const SCHEDULERS = new Set([
  'rr',
  'wrr',
  'lc',
  'wlc',
  'lblc',
  'lblcr',
  'dh',
  'sh',
  'sed',
  'nq',
  'fo',
  'ovf',
  'mh',
  'twos',
]);
const VS = /^(TCP|UDP|SCTP|FWM)\s+(\S+)(?:\s+(.*))?$/;
const RS = /^->\s+(\S+)(?:\s+(.*))?$/;
const FORWARD = /^(Masq|Route|Tunnel|Local|Bypass)\s+(-?\d+)\s+(\d+)\s+(\d+)/;
const NUMBERS = /^(?:\d+(?:\.\d+)?[KMGT]?\s+){4}\d+(?:\.\d+)?[KMGT]?$/;
const MAX_LISTED = 200;

function classify(line: string): LineScore {
  const s = line.trim();
  if (s.startsWith('IP Virtual Server version')) return 2;
  if (s.startsWith('Prot LocalAddress:Port')) return 2;
  if (s.startsWith('->')) {
    if (s.startsWith('-> RemoteAddress:Port')) return 2;
    const m = RS.exec(s);
    if (!m || !/:/.test(m[1]!)) return 0;
    return FORWARD.test(m[2] ?? '') || NUMBERS.test(m[2] ?? '') ? 2 : 1;
  }
  const v = VS.exec(s);
  if (!v) return 0;
  const rest = (v[3] ?? '').split(/\s+/);
  if (SCHEDULERS.has(rest[0] ?? '')) return 2;
  return NUMBERS.test(v[3] ?? '') ? 2 : 1;
}

export const ipvsadmParser = lineParser<IpvsadmValue>({
  kind: 'ipvsadm',
  command: COMMAND,
  classify,
  read(notes, context) {
    const value: IpvsadmValue = {
      virtualServers: 0,
      realServers: 0,
      withoutRealServers: { count: 0, servers: [] },
      allWeightZero: { count: 0, servers: [] },
      activeConn: 0,
      inactConn: 0,
      truncated: false,
    };
    const cmd = context.command ?? '';
    if (/--stats\b/.test(cmd)) value.format = 'stats';
    else if (/--rate\b/.test(cmd)) value.format = 'rate';
    let vs: (IpvsVirtualServerRef & { rs: number; weighted: number; cut: boolean }) | undefined;

    const close = (final: boolean): void => {
      if (!vs) return;
      const { rs, weighted, cut, ...ref } = vs;
      vs = undefined;
      // `TCP  ip-1` at the end of a cut paste: not a server without real servers.
      if (cut) return;
      if (rs === 0) {
        // A cut listing may end right after a server line whose real servers were cut off.
        if (final && value.truncated) return;
        value.withoutRealServers.count++;
        if (value.withoutRealServers.servers.length < MAX_LISTED) value.withoutRealServers.servers.push(ref);
      } else if (weighted === 0 && value.format !== 'stats' && value.format !== 'rate') {
        value.allWeightZero.count++;
        if (value.allWeightZero.servers.length < MAX_LISTED) value.allWeightZero.servers.push(ref);
      }
    };

    return {
      push(line) {
        const s = line.trim();
        if (s === '') return;
        const header = /^IP Virtual Server version (\S+) \(size=(\d+)\)/.exec(s);
        if (header) {
          close(false);
          value.version = header[1]!;
          value.tableSize = Number(header[2]);
          return;
        }
        if (s.startsWith('Prot LocalAddress:Port')) {
          close(false);
          if (/\bScheduler\b/.test(s)) value.format = 'list';
          else if (/\bConns\b/.test(s)) value.format = 'stats';
          else if (/\bCPS\b/.test(s)) value.format = 'rate';
          return;
        }
        if (s.startsWith('-> RemoteAddress:Port')) return;
        const r = RS.exec(s);
        if (r) {
          if (!vs) {
            notes.skip('real server without a virtual server', s);
            return;
          }
          vs.rs++;
          value.realServers++;
          const f = FORWARD.exec(r[2] ?? '');
          if (f) {
            if (Number(f[2]) > 0) vs.weighted++;
            value.activeConn += Number(f[3]);
            value.inactConn += Number(f[4]);
          } else vs.weighted++;
          return;
        }
        const v = VS.exec(s);
        if (v) {
          close(false);
          value.virtualServers++;
          const first = (v[3] ?? '').split(/\s+/)[0] ?? '';
          const listed = value.format === 'list' || value.format === undefined;
          // In `-Ln` every virtual server line names its scheduler; without one the line was cut.
          const cut = listed && !SCHEDULERS.has(first) && !NUMBERS.test(v[3] ?? '');
          vs = { protocol: v[1]!, address: v[2]!, rs: 0, weighted: 0, cut };
          if (SCHEDULERS.has(first)) vs.scheduler = first;
          return;
        }
        const declared = /^# netcheck: virtual_services=(\d+) real_servers=(\d+)/.exec(s);
        if (declared) {
          value.declared = { virtualServers: Number(declared[1]), realServers: Number(declared[2]) };
          return;
        }
        if (/^# netcheck: omitted \d+ lines?/.test(s)) {
          value.truncated = true;
          return;
        }
        notes.skip('not an ipvsadm line', s);
      },
      end() {
        close(true);
        return value;
      },
    };
  },
});
