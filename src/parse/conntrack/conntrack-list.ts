// The parser of `conntrack -L` and /proc/net/nf_conntrack listings, streamed into a `ConntrackBreakdown`.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import type { ConntrackBreakdown } from './conntrack-breakdown.js';
import { createConntrackBreakdown, PROTOS, SHOWN } from './conntrack-list-breakdown.js';

export type { ConntrackBreakdown, TopEntry } from './conntrack-breakdown.js';
export { createConntrackBreakdown, LONG_TIMEOUT_MIN } from './conntrack-list-breakdown.js';

/** Index of the first space at or after `from` (or the line's length). */
function endOf(line: string, from: number): number {
  const e = line.indexOf(' ', from);
  return e < 0 ? line.length : e;
}

/** The number whose digits start at `from`, or -1. */
function intAt(line: string, from: number): number {
  let n = 0;
  let i = from;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) n = n * 10 + c - 48;
  return i === from ? -1 : n;
}

function skipSpaces(line: string, from: number): number {
  let i = from;
  for (let c = line.charCodeAt(i); c === 32 || c === 9; c = line.charCodeAt(++i)) {}
  return i;
}

function classify(line: string): LineScore {
  const src = line.indexOf('src=');
  if (src < 0) return line.includes('flow entries have been shown') && SHOWN.test(line) ? 2 : 0;
  let p = skipSpaces(line, 0);
  if (line.startsWith('ipv4 ', p) || line.startsWith('ipv6 ', p)) {
    p = skipSpaces(line, endOf(line, p));
    if (intAt(line, p) < 0) return 0;
    p = skipSpaces(line, endOf(line, p));
  }
  const end = endOf(line, p);
  const common = end - p === 3 && (line.startsWith('tcp', p) || line.startsWith('udp', p));
  if (common || PROTOS.has(line.slice(p, end)))
    return intAt(line, skipSpaces(line, end)) >= 0 && line.includes(' dst=') ? 2 : 0;
  // A line cut at its start (`6 46 TIME_WAIT src=...`) still continues a listing.
  return intAt(line, p) >= 0 && line.includes(' dst=') && line.includes(' sport=') ? 1 : 0;
}

/** `conntrack -L` (any `-o` format), `/proc/net/nf_conntrack`: streamed into a `ConntrackBreakdown`. */
export const conntrackListParser = lineParser<ConntrackBreakdown>({
  kind: 'conntrack-list',
  command:
    /^(?:conntrack\s+(?:-\S*L\b|--dump\b)|(?:cat|head|tail|more|less|grep\b.*?)\s+(?:\S+\s+)*\/proc\/(?:self\/)?net\/(?:nf|ip)_conntrack\b)/,
  classify,
  read(notes) {
    const breakdown = createConntrackBreakdown();
    return {
      push(line) {
        if (breakdown.push(line)) return;
        const text = line.trim();
        if (text === '' || text === '...') return;
        if (text.startsWith('conntrack v')) {
          notes.add(text.length > 160 ? `${text.slice(0, 160)}...` : text);
          return;
        }
        notes.skip('not a conntrack entry (cut off or other text)', text);
      },
      pushBytes: breakdown.pushBytes,
      pushLines: breakdown.pushLines,
      end() {
        return breakdown.result();
      },
    };
  },
});
