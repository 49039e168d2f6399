// The parser of /proc/net/dev: per-interface byte, packet, error and drop counters, per reading.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { createSampleSeries } from '../shared/sample-series.js';
import { trimPasted } from '../shared/strip-backticks.js';

/** One interface's counters, as /proc/net/dev prints them (cumulative since the device appeared). */
export interface NetDevCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  rxFifo: number;
  rxFrame: number;
  txBytes: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
  txFifo: number;
  txCarrier: number;
}

export interface NetDevSample {
  ifaces: Record<string, NetDevCounters>;
}

export interface NetDev {
  samples: NetDevSample[];
  /** Interfaces beyond the kept ones, per reading. */
  omitted: number;
}

const HEADER1 = /^Inter-\|\s+Receive\s+\|\s+Transmit$/;
const HEADER2 = /^face \|\s*bytes\s+packets\s+errs\s+drop\s+fifo\s+frame\s+compressed\s+multicast\s*\|/;
const ROW = /^([^\s:]+):\s*(\d+(?:\s+\d+){15})$/;
const MAX_IFACES = 256;
const MAX_SAMPLES = 20;

function classify(raw: string): LineScore {
  if (!raw.includes(':') && !raw.includes('|')) return 0;
  const line = trimPasted(raw).trim();
  if (HEADER1.test(line) || HEADER2.test(line)) return 2;
  return ROW.test(line) ? 2 : 0;
}

export const netDevParser = lineParser<NetDev>({
  kind: 'net-dev',
  command: /^(?:cat|more|less|head|tail)\s+(?:\S*\/)?(?:proc\/(?:\d+|self)\/)?net\/dev\b/,
  classify,
  read(notes) {
    const series = createSampleSeries<NetDevSample>(() => ({ ifaces: {} }), MAX_SAMPLES);
    let omitted = 0;
    return {
      push(raw) {
        const line = trimPasted(raw).trim();
        if (line === '') return;
        if (HEADER1.test(line)) {
          series.next();
          return;
        }
        if (HEADER2.test(line)) return;
        const m = ROW.exec(line);
        if (!m) {
          notes.skip('not a /proc/net/dev line', raw);
          return;
        }
        const name = m[1]!;
        let current = series.current ?? series.next();
        if (name in current.ifaces) current = series.next();
        if (Object.keys(current.ifaces).length >= MAX_IFACES) {
          omitted++;
          return;
        }
        const v = m[2]!.split(/\s+/).map(Number);
        current.ifaces[name] = {
          rxBytes: v[0]!,
          rxPackets: v[1]!,
          rxErrs: v[2]!,
          rxDrop: v[3]!,
          rxFifo: v[4]!,
          rxFrame: v[5]!,
          txBytes: v[8]!,
          txPackets: v[9]!,
          txErrs: v[10]!,
          txDrop: v[11]!,
          txFifo: v[12]!,
          txCarrier: v[14]!,
        };
      },
      end: () => ({ samples: series.samples.filter((s) => Object.keys(s.ifaces).length > 0), omitted }),
    };
  },
});
