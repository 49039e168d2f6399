// Every conntrack table breakdown of a report, and DNAT pair keys split into their parts.
import type { Item, Report } from '../../domain/report.js';
import { type ConntrackBreakdown, conntrackBreakdownParser } from '../../parse/conntrack/conntrack-breakdown.js';
import { conntrackListParser } from '../../parse/conntrack/conntrack-list.js';
import { itemsOf } from '../../parse/items-of.js';

/** Every conntrack table breakdown in the report (pasted listings and the collector's), in input order. */
export function breakdowns(report: Report): Item<ConntrackBreakdown>[] {
  return [...itemsOf(report, conntrackListParser), ...itemsOf(report, conntrackBreakdownParser)].sort(
    (a, b) => a.source.line - b.source.line,
  );
}

/** `10.96.0.10:53>10.244.1.7:53` → its parts (IPv6 hosts are bracketed). */
export function splitPair(key: string): { orig: string; origPort: string; reply: string; replyPort: string } {
  const [orig = '', reply = ''] = key.split('>');
  const part = (hp: string) => {
    const colon = hp.lastIndexOf(':');
    const host = colon < 0 ? hp : hp.slice(0, colon);
    return { host: host.replace(/^\[|\]$/g, ''), port: colon < 0 ? '' : hp.slice(colon + 1) };
  };
  const o = part(orig);
  const r = part(reply);
  return { orig: o.host, origPort: o.port, reply: r.host, replyPort: r.port };
}
