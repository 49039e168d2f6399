// Line shapes of DNS lookup tools (dig, nslookup, host, getent, curl -w) and of `time`, for the dns-timing parser.
import type { LineScore } from '../parser.js';
import { stripBackticks } from '../shared/strip-backticks.js';

/** Line shapes of DNS lookup tools (dig, nslookup, host, getent, curl -w) and of `time`, for the dns-timing parser. */
const NUM = String.raw`(\d+(?:\.\d+)?)`;

export const DIG_LINE =
  /^;; (?:->>HEADER<<-|flags:|[A-Z ]+SECTION:|Query time:|SERVER:|WHEN:|MSG SIZE|global options:|Got answer|connection timed out|communications error|no servers could|UDP setup|Connection to|reply from unexpected|Truncated|Got SERVFAIL|Got REFUSED|Warning)/;
export const COMMAND_ECHO =
  /(?:^|\s)time\s+(?:nslookup|dig|host|getent|curl|wget|drill)\s|^(?:kubectl\s+exec\b.*?\s)?(?:nslookup\s+[\w.-]|dig\s+[@+\w.-]*[.@+-]|getent\s+a?hosts\s+\S|drill\s+\S)/;
/** `time_namelookup: 0.004`, `"time_namelookup": 0.37` (`%{json}`), `DNS lookup: 5.004s`, `Lookup time:\t0,004`. */
export const NAMELOOKUP =
  /\b(?:time_namelookup|namelookup|dns[ _-]?lookup|lookup[ _-]time)(?:[ _-]time)?"?\s*[:=]\s*'?(\d+(?:[.,]\d+)?)\s*(ms)?/i;
/**
 * A custom `-w` layout printing the lookup time next to other timings on one line: `DNS-Lookup [5.582] Time-Connect
 * [5.584] ...`, `DNS: '0.000025', Connect: ...`, `lookup=0.004 connect=0.005 total=0.2`.
 */
export const LABELLED_LOOKUP =
  /\b(?:dns(?:[ _-]?(?:lookup|time|resolution))?|(?:name)?lookup(?:[ _-]?time)?)\b\W{0,4}?(\d+(?:[.,]\d+)?)\s*(ms)?/i;
const REAL = /^real\s+(?:(\d+)m\s*)?(\d+(?:\.\d+)?)s?\s*$/;
const GNU_TIME = /\b(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)elapsed\b/;
const ZSH_TIME = new RegExp(String.raw`\scpu\s+${NUM}\s+total$`);

/** COMMAND_ECHO behind a literal gate (the regex scans every whitespace of a line for `time`). */
function isCommandEcho(line: string): boolean {
  const c = line.charCodeAt(0);
  // k(ubectl) n(slookup) d(ig, rill) g(etent)
  if (!line.includes('time') && c !== 107 && c !== 110 && c !== 100 && c !== 103) return false;
  return COMMAND_ECHO.test(line);
}

export function strip(line: string): string {
  if (!line.includes('`')) return line.trimEnd();
  return stripBackticks(line).trimEnd();
}

export function classifyDnsTimingLine(raw: string): LineScore {
  const line = strip(raw).trimStart();
  if (line === '') return 0;
  if (line.startsWith(';')) {
    if (line.startsWith('; <<>> DiG') || DIG_LINE.test(line)) return 2;
    return /^;(?: EDNS| COOKIE|[\w.-]+\.?\s+IN\s)/.test(line) || line.startsWith(';; ') ? 1 : 0;
  }
  // Cheap literal gates first: most lines of a mixed paste are none of these.
  const lookupWord = /ookup/i.test(line);
  if (line.includes('%{time_namelookup}')) return 2;
  if (LABELLED_LOOKUP.test(line) && /connect|total|transfer/i.test(line)) return 2;
  if ((lookupWord && NAMELOOKUP.test(line)) || line.startsWith('elapsed_ms=') || /\selapsed_ms=\d/.test(line)) {
    return 2;
  }
  if (/^Server:\s+[\d.:a-fA-F]+(?:#\d+)?\s*$/.test(line) || line.startsWith('Non-authoritative answer')) return 2;
  if (/^\*\* server can't find |^\*\*\* Can't find |^nslookup: can't resolve|^Host \S+ not found:/.test(line)) return 2;
  if (/^curl: \((?:6|28)\) |^wget: bad address/.test(line)) return 2;
  if (isCommandEcho(line)) return 2;
  if (line.endsWith(' total') && ZSH_TIME.test(line)) return 1;
  if (REAL.test(line) || /^(?:user|sys)\s+\d/.test(line) || (line.includes('elapsed') && GNU_TIME.test(line))) {
    return 1;
  }
  if (/^(?:Address(?: \d+)?|Name|Aliases):/.test(line) || /^time_\w+:/.test(line)) return 1;

  if (/ has (?:IPv6 )?address | is an alias for |^Using domain server:|^Command exited with/.test(line)) return 1;
  if (/^[\w.-]+\.?\s+\d+\s+IN\s+[A-Z]+\s/.test(line) || /^-{4,}$/.test(line)) return 1;
  // An address and names (getent); a tcpdump line's `HH:MM:SS.micro` time is not an address.
  if (/^\d\d:\d\d:\d\d\.\d{6}\s/.test(line)) return 0;
  if (/^[\d.:a-fA-F]+(?:\s+\S+)*$/.test(line) && /\d/.test(line)) return 1;
  return 0;
}

/** The queried name among a command's arguments (skips options, servers, record types and URLs' paths). */
export function nameOf(tool: string, args: string): string | undefined {
  const words = args
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (tool === 'curl' || tool === 'wget') {
    const url = words.find((w) => /^['"]?(?:https?:\/\/|[\w.-]+:\d+)/.test(w));
    if (!url) return undefined;
    return /^['"]?(?:https?:\/\/)?([^/:'"\s]+)/.exec(url)?.[1];
  }
  const types = /^(?:A|AAAA|MX|NS|TXT|SRV|PTR|CNAME|SOA|ANY|IN|hosts|ahosts|ahostsv4|ahostsv6)$/i;
  return words.find((w) => !/^[-+@]/.test(w) && !types.test(w) && /[\w]/.test(w))?.replace(/['"]/g, '');
}

/** Wall-clock seconds from a `time` output line (bash, busybox, POSIX `-p`, GNU /usr/bin/time, zsh). */
export function wallSeconds(line: string): number | undefined {
  const real = REAL.exec(line);
  if (real) return Number(real[1] ?? 0) * 60 + Number(real[2]);
  const gnu = GNU_TIME.exec(line);
  if (gnu) return Number(gnu[1] ?? 0) * 3600 + Number(gnu[2]) * 60 + Number(gnu[3]);
  const zsh = ZSH_TIME.exec(line);
  if (zsh) return Number(zsh[1]);
  return undefined;
}

/**
 * A curl `-w` format's own label for the name-lookup time: the literal text right before `%{time_namelookup}`
 * (`DNS-Lookup [` in `-w "DNS-Lookup [%{time_namelookup}] ..."`), as a pattern that reads the printed number.
 */
export function namelookupLabel(format: string): RegExp | undefined {
  const at = format.indexOf('%{time_namelookup}');
  const before = format.slice(0, at);
  const parts = before.split(/\\n|\\t|\\r|[}"'\t]|%\{\w+/);
  const text = (parts[parts.length - 1] ?? '').replace(/^\s+/, '');
  if (text.length < 2 || text.length > 30 || !/[A-Za-z]/.test(text)) return undefined;
  const pattern = text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s*');
  return new RegExp(`${pattern}\\s*['"]?(\\d+(?:[.,]\\d+)?)`);
}
