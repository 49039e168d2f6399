// How each sweep metric is shown and when a node's reading stands out from the cluster's median. Pure.
import type { MetricId } from './node-metrics.js';

export interface MetricSpec {
  id: MetricId;
  /** Column header of the hotspot table. */
  column: string;
  /** The value as a table cell: `92%`, `40.2`, `31250`. */
  cell(value: number): string;
  /** The value in a sentence: `conntrack table 92 % full`. */
  phrase(value: number): string;
  /** The value with its unit: `92 %`, `41.3/s`, `31200 rules`. */
  amount(value: number): string;
  /**
   * A node is an outlier when its value is at least `floor` (worth a look on its own), at least `gap` above the
   * cluster median and at least `ratio` times it. All three, so that neither a tight cluster of small values nor a
   * cluster that is hot everywhere produces hotspots.
   */
  floor: number;
  gap: number;
  ratio: number;
  /** An outlier at or above this value is critical (traffic is dropped now); otherwise a warning. */
  critical: number;
  /** What to do on the node; `NODE` is replaced by its name. */
  fix: string;
}

const decimals = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const rate = (value: number) => (value === 0 ? '0' : decimals(value));
const percent = (value: number) => (value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1));

export const METRIC_SPECS: readonly MetricSpec[] = [
  {
    id: 'conntrackFillPercent',
    column: 'conntrack',
    cell: (v) => `${percent(v)}%`,
    phrase: (v) => `conntrack table ${percent(v)} % full`,
    amount: (v) => `${percent(v)} %`,
    floor: 50,
    gap: 20,
    ratio: 1.5,
    critical: 90,
    fix: 'Find the pods holding most entries on NODE (`conntrack -L` there, grouped by source address) and spread them (topology spread constraints, anti-affinity); raise `nf_conntrack_max` on NODE through kube-proxy `conntrack.maxPerCore`/`min` if its traffic is legitimate.',
  },
  {
    id: 'insertFailedPerSecond',
    column: 'insert_failed/s',
    cell: rate,
    phrase: (v) => `insert_failed rising at ${rate(v)}/s`,
    amount: (v) => `${rate(v)}/s`,
    floor: 1,
    gap: 1,
    ratio: 3,
    critical: 1,
    fix: 'The NAT port race is concentrated on NODE: find its DNS- and SNAT-heavy pods; `--random-fully` on MASQUERADE, NodeLocal DNSCache or `single-request-reopen` fix it for every node.',
  },
  {
    id: 'dropsPerSecond',
    column: 'drops/s',
    cell: rate,
    phrase: (v) => `conntrack drop rising at ${rate(v)}/s`,
    amount: (v) => `${rate(v)}/s`,
    floor: 1,
    gap: 1,
    ratio: 3,
    critical: 1,
    fix: 'Conntrack drops packets on NODE: read its node findings (`netcheck collect NODE`) for table-full, INVALID or insert races.',
  },
  {
    id: 'iptablesRules',
    column: 'rules',
    cell: (v) => String(Math.round(v)),
    phrase: (v) => `${Math.round(v)} iptables rules`,
    amount: (v) => `${Math.round(v)} rules`,
    floor: 2000,
    gap: 1000,
    ratio: 1.5,
    critical: Number.POSITIVE_INFINITY,
    fix: 'NODE holds far more rules than its peers: look for leftover chains (an old kube-proxy mode, a removed CNI or policy agent: `iptables-save | cut -d" " -f2 | sort | uniq -c | sort -rn | head`) and a kube-proxy there that is out of sync.',
  },
  {
    id: 'dnsLookupMs',
    column: 'DNS ms',
    cell: (v) => String(Math.round(v)),
    phrase: (v) => `slowest DNS lookup ${Math.round(v)} ms`,
    amount: (v) => `${Math.round(v)} ms`,
    floor: 500,
    gap: 300,
    ratio: 3,
    critical: Number.POSITIVE_INFINITY,
    fix: 'Lookups are slow from NODE only: check its path to the cluster DNS (conntrack insert_failed, the DNS Service rules on NODE, a NodeLocal DNSCache pod there).',
  },
];

export function metricSpec(id: MetricId): MetricSpec {
  const spec = METRIC_SPECS.find((s) => s.id === id);
  if (!spec) throw new TypeError(`unknown metric ${id}`);
  return spec;
}

/** True when `value` stands out from the cluster `median` as `spec` defines it. */
export function isOutlier(spec: MetricSpec, value: number, median: number): boolean {
  return value >= spec.floor && value - median >= spec.gap && value >= spec.ratio * median;
}
