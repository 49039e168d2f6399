// The `cluster.hotspot` finding of a sweep: one node that stands out against the cluster median.
import type { Finding } from '../domain/finding.js';
import { metricSpec } from './metric-specs.js';
import type { Hotspot } from './rank-hotspots.js';

export const HOTSPOT_ID = 'cluster.hotspot';

/** `cluster.hotspot` for one node: what stands out, against the cluster median, and what to do on that node. */
export function hotspotFinding(hotspot: Hotspot): Finding {
  const specs = hotspot.outliers.map((o) => metricSpec(o.metric));
  const critical = hotspot.outliers.some((o) => o.value >= metricSpec(o.metric).critical);
  const evidence = hotspot.outliers.map((o) => {
    const spec = metricSpec(o.metric);
    const times = o.median > 0 ? ` (×${(o.value / o.median).toFixed(o.value / o.median >= 10 ? 0 : 1)})` : '';
    return `${hotspot.node}: ${spec.phrase(o.value)}; cluster median ${spec.amount(o.median)} over ${o.nodes} nodes${times}`;
  });
  return {
    id: HOTSPOT_ID,
    severity: critical ? 'critical' : 'warning',
    title: `${hotspot.node} stands out from the cluster: ${hotspot.outliers.map((o) => metricSpec(o.metric).phrase(o.value)).join(', ')}`,
    evidence,
    fix: specs.map((s) => s.fix.replaceAll('NODE', hotspot.node)).join(' '),
  };
}
