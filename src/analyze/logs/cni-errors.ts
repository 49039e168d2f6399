// Draws `cni.errors`: errors in the CNI agent's log.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type CniMessageClass, cniLogParser } from '../../parse/logs/cni-log.js';

/** One error message class repeated this often, or this many errors in all, is "repeated errors". */
const REPEATED_CLASS = 3;
const REPEATED_TOTAL = 5;

/** `cni.errors`: the CNI agent logs errors (warning when repeated, info for a few). */
export function analyzeCniErrors(report: Report): Finding[] {
  const items = itemsOf(report, cniLogParser);
  if (items.length === 0) return [];
  const byKey = new Map<string, CniMessageClass>();
  let errors = 0;
  for (const { value } of items) {
    errors += value.errors;
    for (const c of value.classes) {
      if (c.level !== 'error') continue;
      const seen = byKey.get(c.key);
      if (seen) {
        seen.count += c.count;
        if (c.last !== undefined) seen.last = c.last;
      } else byKey.set(c.key, { ...c });
    }
  }
  if (errors === 0) return [];
  const top = [...byKey.values()].sort((a, b) => b.count - a.count);
  const cnis = [...new Set(items.flatMap((i) => i.value.cnis))];
  const repeated = errors >= REPEATED_TOTAL || (top[0]?.count ?? 0) >= REPEATED_CLASS;
  const evidence = [`${cnis.join('/')} agent log: ${errors} error record${errors === 1 ? '' : 's'}`];
  for (const c of top.slice(0, 3)) {
    const when =
      c.first !== undefined && c.last !== undefined && c.first !== c.last ? ` (${c.first} .. ${c.last})` : '';
    evidence.push(`${c.count}x ${c.key}${when}; e.g. ${c.example}`);
  }
  return [
    {
      id: 'cni.errors',
      severity: repeated ? 'warning' : 'info',
      title: repeated
        ? `The ${cnis.join('/')} agent keeps logging errors`
        : `The ${cnis.join('/')} agent logged errors`,
      evidence,
      fix:
        'Read the most frequent error first; check the agent pod restarts (`kubectl -n kube-system get pods -o wide | grep ' +
        `${cnis[0] ?? 'cni'}\`), its datastore/API-server connectivity and the node routes/interfaces it manages.`,
    },
  ];
}
