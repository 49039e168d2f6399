// kube-proxy's log records summed over a report, and how the analyzers quote them as evidence.
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import {
  type KubeProxyEvent,
  type KubeProxyLog,
  type KubeProxyProblem,
  kubeProxyLogParser,
} from '../../parse/logs/kube-proxy-log.js';

/** Every kube-proxy log block of a report. */
export function kubeProxyLogs(report: Report): KubeProxyLog[] {
  return itemsOf(report, kubeProxyLogParser).map((i) => i.value);
}

/** One problem summed over every kube-proxy log block, or undefined when none logged it. */
export function kubeProxyProblem(report: Report, problem: KubeProxyProblem): KubeProxyEvent | undefined {
  let total: KubeProxyEvent | undefined;
  for (const log of kubeProxyLogs(report)) {
    const ev = log.problems[problem];
    if (!ev || ev.count === 0) continue;
    if (!total) {
      total = { ...ev, examples: [...ev.examples] };
      continue;
    }
    total.count += ev.count;
    total.first ??= ev.first;
    if (ev.last !== undefined) total.last = ev.last;
    for (const e of ev.examples) if (total.examples.length < 3) total.examples.push(e);
  }
  return total;
}

/** `3 log records (first 0411 11:44:45.784424, last 0411 11:44:46.1)` followed by up to two example records. */
export function describeEvent(what: string, ev: KubeProxyEvent): string[] {
  let head = `kube-proxy log: ${what}: ${ev.count} record${ev.count === 1 ? '' : 's'}`;
  if (ev.first !== undefined && ev.last !== undefined && ev.first !== ev.last) {
    head += ` (first at ${ev.first}, last at ${ev.last})`;
  } else if (ev.first !== undefined) head += ` (at ${ev.first})`;
  return [head, ...ev.examples.slice(0, 2).map((e) => `e.g. ${e}`)];
}
