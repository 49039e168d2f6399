// Draws `network.softnet-drops` (a CPU's input backlog overflowed) and `network.softnet-squeeze` (the receive softirq
// ran out of budget) from /proc/net/softnet_stat: per-CPU, since boot from one reading, the trend from two.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type SoftnetCpu, type SoftnetSample, softnetStatParser } from '../../parse/network/softnet-stat.js';
import { counterSamples, deltaText, secondsApart } from '../readings/counter-samples.js';

/** Since boot, at least this many backlog drops in one reading is a backlog that overflows under load (warning). */
const MANY_DROPS = 1000;
/** Rising squeezes below this rate (per second, all CPUs) are normal bursts: info. */
const SQUEEZE_RATE = 10;
const TOP = 4;

const DROP_FIX =
  "A CPU's input backlog is full: raise `net.core.netdev_max_backlog` (e.g. 1000 → 10000) and spread the receive " +
  'work: RPS (`echo <cpumask> > /sys/class/net/<dev>/queues/rx-*/rps_cpus`), more NIC queues (`ethtool -L`) and IRQ ' +
  'affinity, so one CPU does not take every packet; check `net.core.netdev_budget` too.';
const SQUEEZE_FIX =
  'The receive softirq stops with work left: raise `net.core.netdev_budget` (e.g. 600) and ' +
  '`net.core.netdev_budget_usecs` (e.g. 4000), and spread the load (RPS, IRQ affinity, more queues) when one CPU ' +
  'takes most of it.';

type Field = 'dropped' | 'squeezed';

function byCpu(sample: SoftnetSample): Map<number, SoftnetCpu> {
  return new Map(sample.cpus.map((c) => [c.cpu, c]));
}

function top(entries: [number, number][]): string {
  return entries
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([cpu, v]) => `cpu${cpu} ${v}`)
    .join(', ');
}

/** `network.softnet-drops` and `network.softnet-squeeze` from /proc/net/softnet_stat. */
export function analyzeSoftnetPressure(report: Report): Finding[] {
  const samples = counterSamples(itemsOf(report, softnetStatParser));
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return [];
  const seconds = secondsApart(first, last, report);
  const findings: Finding[] = [];
  const since = (field: Field) => last.value.cpus.map((c) => [c.cpu, c[field]] as [number, number]);
  const rise = (field: Field) => {
    if (first === last) return undefined;
    const before = byCpu(first.value);
    return last.value.cpus.map((c) => [c.cpu, c[field] - (before.get(c.cpu)?.[field] ?? c[field])] as [number, number]);
  };
  const sum = (list: [number, number][]) => list.reduce((a, [, v]) => a + Math.max(0, v), 0);
  const processed = sum(since('squeezed').map(([cpu]) => [cpu, last.value.cpus.find((c) => c.cpu === cpu)!.processed]));

  const dropped = since('dropped');
  const droppedRise = rise('dropped');
  if (droppedRise && sum(droppedRise) > 0) {
    findings.push({
      id: 'network.softnet-drops',
      severity: 'critical',
      title: "The kernel is dropping received packets: a CPU's input backlog is full (netdev_max_backlog)",
      evidence: [
        `softnet_stat dropped ${deltaText(sum(droppedRise), seconds)} over ${last.value.cpus.length} CPUs (${top(droppedRise)})`,
      ],
      fix: DROP_FIX,
    });
  } else if (sum(dropped) > 0) {
    findings.push({
      id: 'network.softnet-drops',
      severity: !droppedRise && sum(dropped) >= MANY_DROPS ? 'warning' : 'info',
      title: droppedRise
        ? 'softnet_stat shows backlog drops since boot, none between the two readings'
        : 'softnet_stat shows backlog drops since boot (one reading: read it twice to see if they still rise)',
      evidence: [`softnet_stat dropped ${sum(dropped)} since boot (${top(dropped)}), ${processed} packets processed`],
      fix: DROP_FIX,
    });
  }

  const squeezeRise = rise('squeezed');
  if (squeezeRise && sum(squeezeRise) > 0) {
    const rate = seconds ? sum(squeezeRise) / seconds : undefined;
    findings.push({
      id: 'network.softnet-squeeze',
      severity: rate !== undefined && rate >= SQUEEZE_RATE ? 'warning' : 'info',
      title: 'The receive softirq runs out of budget (time_squeeze rising): packets wait, and drop once backlogs fill',
      evidence: [`softnet_stat time_squeeze ${deltaText(sum(squeezeRise), seconds)} (${top(squeezeRise)})`],
      fix: SQUEEZE_FIX,
    });
  }
  return findings;
}
