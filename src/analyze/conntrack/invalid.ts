// Draws `conntrack.invalid` (info): invalid, error or search_restart counters high, rising fast or on one CPU.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import type { ConntrackStatsSample } from '../../parse/conntrack/conntrack-stats.js';
import { describeCounter, describeRise, seriesDelta, statsSeries } from '../readings/stats-series.js';

/** Since-boot totals below these are ordinary on any node (RSTs after close, ICMP errors, lookup retries). */
const NOTABLE: Record<string, number> = { invalid: 100000, error: 100000, search_restart: 1000000 };
/** Per-second rises above these between two samples are notable. */
const NOTABLE_RATE: Record<string, number> = { invalid: 100, error: 100, search_restart: 1000 };
/** One CPU holding this share of a counter (on 4+ CPUs, over `CONCENTRATED_MIN`) points at IRQ/RSS affinity. */
const CONCENTRATION = 0.8;
const CONCENTRATED_MIN = 10000;

function concentrated(sample: ConntrackStatsSample, name: string): string | undefined {
  const total = sample.totals[name] ?? 0;
  if (sample.cpus.length < 4 || total < CONCENTRATED_MIN) return undefined;
  const top = sample.cpus.reduce((a, b) => ((b.counters[name] ?? 0) > (a.counters[name] ?? 0) ? b : a));
  const share = (top.counters[name] ?? 0) / total;
  return share >= CONCENTRATION
    ? `cpu${top.cpu} holds ${Math.round(share * 100)} % of ${name} on ${sample.cpus.length} CPUs`
    : undefined;
}

/**
 * `conntrack.invalid` (info only): `invalid`, `error` or `search_restart` notably high, rising fast, or
 * concentrated on one CPU. These counters never warn on their own: normal RSTs and ICMP errors raise them.
 */
export function analyzeInvalid(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const series of statsSeries(report)) {
    const last = series.samples.at(-1)!.sample;
    const delta = seriesDelta(report, series);
    for (const name of Object.keys(NOTABLE)) {
      const rise = delta?.delta[name] ?? 0;
      if (delta?.seconds && rise / delta.seconds >= NOTABLE_RATE[name]!) {
        evidence.push(describeRise(name, rise, delta.seconds));
        continue;
      }
      const where = concentrated(last, name);
      if ((last.totals[name] ?? 0) >= NOTABLE[name]! || where) {
        evidence.push(`${describeCounter(last, name, series.label)}${where ? `; ${where}` : ''}`);
      }
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'conntrack.invalid',
      severity: 'info',
      title: 'Conntrack sees many invalid packets or lookup restarts (context, not drops by itself)',
      evidence,
      fix: 'Usually harmless (late RSTs, ICMP errors, out-of-window TCP). If connections reset, correlate with `conntrack -E` and INVALID drop rules (`nf_conntrack_tcp_be_liberal=1` tolerates out-of-window packets); a counter concentrated on one CPU points at IRQ/RPS affinity.',
    },
  ];
}
