// Draws `sockets.time-wait-high`: TIME_WAIT sockets crowding the ephemeral port range.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { sysctlNumbers, tcpSamples } from '../readings/socket-samples.js';

/** Half of the widest possible ephemeral range (1024-65535): used when the node's range is not in the input. */
const HALF_WIDEST_RANGE = Math.floor((65535 - 1024 + 1) / 2);

/**
 * `sockets.time-wait-high`: TIME_WAIT above 1000 and above 5x the established sockets, or above half the ephemeral
 * port range (`net.ipv4.ip_local_port_range` when a sysctl item has it).
 */
export function analyzeTimeWaitHigh(report: Report): Finding[] {
  const range = sysctlNumbers(report, 'net.ipv4.ip_local_port_range');
  const [low, high] = range ?? [];
  const ports = low !== undefined && high !== undefined && high >= low ? high - low + 1 : undefined;
  const halfRange = ports === undefined ? HALF_WIDEST_RANGE : Math.floor(ports / 2);
  const evidence: string[] = [];
  for (const s of tcpSamples(report)) {
    const ratio = s.established !== undefined && s.established > 0 ? s.timewait / s.established : undefined;
    const manyPerConnection =
      s.timewait > 1000 && (s.established === undefined ? false : s.timewait > 5 * s.established);
    const nearPorts = s.timewait > halfRange;
    if (!manyPerConnection && !nearPorts) continue;
    const vs =
      s.established === undefined
        ? ''
        : ` vs ${s.established} ${s.establishedLabel}${ratio === undefined ? '' : ` (${ratio.toFixed(1)}x)`}`;
    const portNote = nearPorts
      ? ports === undefined
        ? `; more than half of even the widest ephemeral port range (${HALF_WIDEST_RANGE} of 1024-65535)`
        : `; more than half of ip_local_port_range ${low}-${high} (${ports} ports)`
      : '';
    evidence.push(`${s.source}: TIME_WAIT ${s.timewait}${vs}${portNote}`);
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'sockets.time-wait-high',
      severity: 'warning',
      title:
        'Many TCP sockets in TIME_WAIT: short-lived connections churn through ephemeral ports and conntrack entries',
      evidence: evidence.slice(0, 6),
      fix:
        'Reuse connections (HTTP keep-alive, client connection pools); `sysctl -w net.ipv4.tcp_tw_reuse=1` for ' +
        'outgoing connections; widen `net.ipv4.ip_local_port_range = 1024 65535` if ports run out; find the ' +
        "busiest peers with `ss -tan state time-wait | awk '{print $4}' | sort | uniq -c | sort -rn | head`.",
    },
  ];
}
