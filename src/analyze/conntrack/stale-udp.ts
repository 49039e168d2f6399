// Draws `conntrack.stale-udp`: DNATed UDP entries left unanswered (a DNS backend gone or unreachable).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { breakdowns, splitPair } from '../readings/conntrack-breakdowns.js';

/** A request/response service whose backend must answer: DNS. One-way UDP (statsd, syslog) is never answered. */
const ANSWERING_PORTS = new Set(['53']);
/** Entries to one backend, all unanswered, before a single snapshot is evidence. */
const MIN_ENTRIES = 3;
/** Share of a backend's entries that are unanswered UDP. */
const DEAD_SHARE = 0.9;

/**
 * `conntrack.stale-udp` (warning): DNATed UDP entries that stay `[UNREPLIED]`: in one listing, every entry to a DNS
 * backend unanswered (the backend is gone or unreachable); across two listings, the same unanswered pair in both.
 */
export function analyzeStaleUdp(report: Report): Finding[] {
  const items = breakdowns(report);
  const evidence: string[] = [];
  const backends = new Set<string>();
  for (const item of items) {
    const all = new Map(item.value.dnat.map((e) => [e.key, e.count]));
    for (const { key, count } of item.value.udpUnrepliedDnat) {
      const pair = splitPair(key);
      if (!ANSWERING_PORTS.has(pair.origPort) && !ANSWERING_PORTS.has(pair.replyPort)) continue;
      const total = all.get(key);
      if (count < MIN_ENTRIES || total === undefined || count < DEAD_SHARE * total) continue;
      evidence.push(
        `${count} of ${total} entries for ${pair.orig}:${pair.origPort} DNATed to ${pair.reply}:${pair.replyPort} are UDP [UNREPLIED]: that backend never answers`,
      );
      backends.add(pair.orig);
    }
  }
  const first = items[0];
  const last = items.at(-1);
  if (first && last && first !== last) {
    const before = new Set(first.value.udpUnrepliedDnat.map((e) => e.key));
    for (const { key, count } of last.value.udpUnrepliedDnat) {
      if (!before.has(key)) continue;
      const pair = splitPair(key);
      evidence.push(
        `${pair.orig}:${pair.origPort} -> ${pair.reply}:${pair.replyPort} is UDP [UNREPLIED] in both listings (${count} entries in the last): the stale entry keeps being refreshed`,
      );
      backends.add(pair.orig);
    }
  }
  if (evidence.length === 0) return [];
  const target = [...backends][0] ?? '<clusterIP>';
  return [
    {
      id: 'conntrack.stale-udp',
      severity: 'warning',
      title: 'UDP conntrack entries point at a backend that does not answer (stale DNAT): those clients time out',
      evidence: evidence.slice(0, 10),
      fix: `Delete the stale entries: \`conntrack -D -p udp --orig-dst ${target}\`; make sure kube-proxy can clean up (the \`conntrack\` binary in its image, \`nf_conntrack_netlink\` loaded) and runs a version with the UDP conntrack reconciler.`,
    },
  ];
}
