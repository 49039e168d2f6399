// Draws `route.flapping`: `ip monitor` shows the same routes deleted and re-added again and again.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { ipMonitorParser, type RouteHistory } from '../../parse/network/ip-monitor.js';

/** Present→deleted→present switches a route needs to count as flapping (a replace or a reboot makes 1). */
const MIN_CHANGES = 3;
/** Flapping slower than one change per this many seconds is a trend (warning), not an outage now. */
const SLOW_SECONDS = 600;

function rate(h: RouteHistory): string {
  if (h.firstAt === undefined || h.lastAt === undefined || h.lastAt <= h.firstAt) return '';
  const seconds = (h.lastAt - h.firstAt) / 1000;
  return ` within ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

/** `route.flapping`: `ip monitor` shows the same routes deleted and re-added again and again. */
export function analyzeRouteFlapping(report: Report): Finding[] {
  const flapping: RouteHistory[] = [];
  for (const { value } of itemsOf(report, ipMonitorParser)) {
    for (const h of value.routes) if (h.changes >= MIN_CHANGES || (h.deletes >= 2 && h.readds >= 1)) flapping.push(h);
  }
  if (flapping.length === 0) return [];
  flapping.sort((a, b) => b.changes - a.changes);
  const slow = flapping.every((h) => {
    if (h.firstAt === undefined || h.lastAt === undefined) return false;
    return (h.lastAt - h.firstAt) / 1000 / Math.max(1, h.changes) > SLOW_SECONDS;
  });
  const severity: Severity = slow ? 'warning' : 'critical';
  const evidence = flapping
    .slice(0, 6)
    .map((h) => `${h.key}: deleted ${h.deletes}x, re-added ${h.readds}x${rate(h)} (${h.examples[0] ?? ''})`);
  if (flapping.length > 6) evidence.push(`... ${flapping.length - 6} more routes`);
  return [
    {
      id: 'route.flapping',
      severity,
      title: `${flapping.length} route${flapping.length === 1 ? ' is' : 's are'} repeatedly deleted and re-added: traffic fails while ${flapping.length === 1 ? 'it is' : 'they are'} gone`,
      evidence,
      fix:
        'Two agents are fighting over the routes: check for a second routing daemon or CNI (BIRD and another BGP ' +
        'speaker, kube-router, NetworkManager/systemd-networkd managing the same interfaces, a cloud route ' +
        'controller); Calico: one BGP source per node and `FELIX_ROUTESOURCE`/`routeSource` consistent; see ' +
        "which process writes with `ip monitor route` next to the agents' logs.",
    },
  ];
}
