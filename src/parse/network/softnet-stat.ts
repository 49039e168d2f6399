// The parser of /proc/net/softnet_stat: per-CPU packets processed, backlog drops and time squeezes (hex columns).
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { createSampleSeries } from '../shared/sample-series.js';
import { trimPasted } from '../shared/strip-backticks.js';

/** One CPU's line: the columns netcheck reads (the file prints 9 to 15 hex columns, depending on the kernel). */
export interface SoftnetCpu {
  /** The CPU number: the 13th column on kernels that print it, else the line's position. */
  cpu: number;
  processed: number;
  /** Packets dropped because the CPU's input backlog was full (`net.core.netdev_max_backlog`). */
  dropped: number;
  /** Times the softirq ran out of budget or time with work left (`net.core.netdev_budget`, `netdev_budget_usecs`). */
  squeezed: number;
  /** Packets steered here by RPS (10th column), when printed. */
  rps?: number;
  /** Flow-limit drops (11th column), when printed. */
  flowLimit?: number;
}

export interface SoftnetSample {
  cpus: SoftnetCpu[];
}

export interface SoftnetStat {
  /** Columns per line, as printed. */
  columns: number;
  samples: SoftnetSample[];
}

const ROW = /^[0-9a-f]{8}(?:[ \t]+[0-9a-f]{8}){8,14}$/;
const MAX_CPUS = 1024;
const MAX_SAMPLES = 20;

function classify(raw: string): LineScore {
  // Cheap gate: a row is at least 9 words of 8 hex digits.
  if (raw.length < 80) return 0;
  return ROW.test(trimPasted(raw).trim()) ? 2 : 0;
}

export const softnetStatParser = lineParser<SoftnetStat>({
  kind: 'softnet-stat',
  command: /^(?:cat|more|less|head|tail)\s+(?:\S*\/)?(?:proc\/(?:\d+|self)\/)?net\/softnet_stat\b/,
  classify,
  read(notes) {
    const series = createSampleSeries<SoftnetSample>(() => ({ cpus: [] }), MAX_SAMPLES);
    let columns = 0;
    return {
      push(raw) {
        const line = trimPasted(raw).trim();
        if (line === '') return;
        if (!ROW.test(line)) {
          notes.skip('not a softnet_stat line', raw);
          return;
        }
        const cols = line.split(/\s+/).map((h) => Number.parseInt(h, 16));
        const withIndex = cols.length >= 13;
        let current = series.current ?? series.next();
        const prev = current.cpus.at(-1);
        const cpu = withIndex ? cols[12]! : current.cpus.length;
        // A CPU number that does not grow starts the next reading (the file printed again).
        if (prev && withIndex && cpu <= prev.cpu) current = series.next();
        if (!withIndex && columns !== 0 && cols.length !== columns) current = series.next();
        columns = cols.length;
        if (current.cpus.length >= MAX_CPUS) return;
        const entry: SoftnetCpu = {
          cpu: withIndex ? cpu : current.cpus.length,
          processed: cols[0]!,
          dropped: cols[1]!,
          squeezed: cols[2]!,
        };
        if (cols.length >= 10) entry.rps = cols[9]!;
        if (cols.length >= 11) entry.flowLimit = cols[10]!;
        current.cpus.push(entry);
      },
      end: () => ({ columns, samples: series.samples.filter((s) => s.cpus.length > 0) }),
    };
  },
});
