// Draws `network.interface-errors` (an interface dropping or erroring packets between two readings of /proc/net/dev)
// and `network.interface-rates` (info: the busiest interfaces, the node's traffic hotspots).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type NetDevCounters, netDevParser } from '../../parse/network/net-dev.js';
import { counterSamples, secondsApart } from '../readings/counter-samples.js';

/** Drops below this rate (per second) are the background of unknown protocols, inactive bond slaves, multicast. */
const DROP_RATE = 100;
const TOP = 4;

type Key = keyof NetDevCounters;
const ERRORS: Key[] = ['rxErrs', 'rxFifo', 'rxFrame', 'txErrs', 'txFifo', 'txCarrier'];
const DROPS: Key[] = ['rxDrop', 'txDrop'];

function rate(bytes: number, seconds: number): string {
  const bits = (bytes * 8) / seconds;
  if (bits >= 1e9) return `${(bits / 1e9).toFixed(2)} Gbit/s`;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(1)} Mbit/s`;
  return `${(bits / 1e3).toFixed(1)} kbit/s`;
}

/** `network.interface-errors` and `network.interface-rates` from two readings of /proc/net/dev. */
export function analyzeInterfaceDrops(report: Report): Finding[] {
  const samples = counterSamples(itemsOf(report, netDevParser));
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || first === last) return [];
  const seconds = secondsApart(first, last, report);
  const errors: string[] = [];
  let dropping = false;
  const rates: { name: string; bytes: number; text: string }[] = [];
  for (const [name, b] of Object.entries(last.value.ifaces)) {
    const a = first.value.ifaces[name];
    if (!a) continue;
    const d = (k: Key) => Math.max(0, b[k] - a[k]);
    const errs = ERRORS.filter((k) => d(k) > 0).map((k) => `${k} +${d(k)}`);
    const drops = DROPS.filter((k) => d(k) > 0);
    const dropSum = drops.reduce((s, k) => s + d(k), 0);
    const dropsHigh = seconds !== undefined && dropSum / seconds >= DROP_RATE;
    if (errs.length > 0 || dropsHigh) {
      const over = seconds ? ` in ${seconds} s` : ' between the two readings';
      const parts = [...errs, ...(dropsHigh ? drops.map((k) => `${k} +${d(k)}`) : [])];
      errors.push(`${name}: ${parts.join(', ')}${over} (of ${d('rxPackets')} rx / ${d('txPackets')} tx packets)`);
      if (dropsHigh) dropping = true;
    }
    if (seconds && name !== 'lo') {
      const bytes = d('rxBytes') + d('txBytes');
      rates.push({
        name,
        bytes,
        text: `${name}: rx ${rate(d('rxBytes'), seconds)}, tx ${rate(d('txBytes'), seconds)}`,
      });
    }
  }
  const findings: Finding[] = [];
  if (errors.length > 0) {
    findings.push({
      id: 'network.interface-errors',
      severity: 'warning',
      title: dropping
        ? 'An interface is dropping packets now (between the two readings)'
        : 'An interface counts receive/transmit errors now (between the two readings)',
      evidence: errors.slice(0, 6),
      fix:
        'Errors/frame/fifo/carrier: the link or NIC (`ethtool -S <dev>`, cabling, duplex, ring buffers `ethtool -g/-G`). ' +
        'Drops at this rate: ring or backlog overflows (`ethtool -S <dev> | grep -i drop`, ' +
        '`/proc/net/softnet_stat`, `net.core.netdev_max_backlog`) or traffic the host does not accept (VLANs, protocols).',
    });
  }
  const busiest = rates
    .filter((r) => r.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, TOP);
  if (busiest.length > 0) {
    findings.push({
      id: 'network.interface-rates',
      severity: 'info',
      title: `Busiest interfaces between the two readings (${seconds} s apart)`,
      evidence: busiest.map((r) => r.text),
    });
  }
  return findings;
}
