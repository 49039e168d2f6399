// The parser of /proc/net/sockstat and sockstat6: socket counts per protocol, per reading.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { createSampleSeries } from '../shared/sample-series.js';
import { trimPasted } from '../shared/strip-backticks.js';

/** One reading of `/proc/net/sockstat` (and `sockstat6`, merged). Fields are per protocol line, as printed. */
export interface SockstatSample {
  socketsUsed?: number;
  /** `TCP: inuse N orphan N tw N alloc N mem N` (mem in pages). */
  tcp?: Record<string, number>;
  /** Other lines by protocol (`UDP`, `UDPLITE`, `RAW`, `FRAG`, `TCP6`, `UDP6`...): field → value. */
  other: Record<string, Record<string, number>>;
}

export interface Sockstat {
  samples: SockstatSample[];
}

const MAX_SAMPLES = 20;
const LINE = /^(sockets|TCP6?|UDP6?|UDPLITE6?|RAW6?|FRAG6?|SCTP6?|MPTCP6?):((?:\s+[a-z_]+\s+\d+)+)\s*$/;

function classify(raw: string): LineScore {
  const line = trimPasted(raw);
  const m = LINE.exec(line);
  if (!m) return 0;
  return m[1] === 'sockets' ? (/^sockets:\s+used\s+\d+$/.test(line) ? 2 : 0) : /:\s+inuse\s+\d/.test(line) ? 2 : 0;
}

export const sockstatParser = lineParser<Sockstat>({
  kind: 'sockstat',
  command: /^(?:cat|more|less|head|tail)\s+(?:\S*\/)?(?:proc\/(?:\d+|self)\/)?(?:net\/)?sockstat6?\b/,
  classify,
  read(notes) {
    const series = createSampleSeries<SockstatSample>(() => ({ other: {} }), MAX_SAMPLES);
    return {
      push(raw) {
        const line = trimPasted(raw);
        if (line === '') return;
        const current = series.current;
        const m = LINE.exec(line);
        if (!m) {
          notes.skip('not a sockstat line', raw);
          return;
        }
        const proto = m[1]!;
        const fields: Record<string, number> = {};
        for (const f of m[2]!.matchAll(/([a-z_]+)\s+(\d+)/g)) fields[f[1]!] = Number(f[2]);
        if (proto === 'sockets') {
          const s = current && current.socketsUsed === undefined && !current.tcp ? current : series.next();
          if (fields.used !== undefined) s.socketsUsed = fields.used;
          return;
        }
        if (proto === 'TCP') {
          const s = current && !current.tcp ? current : series.next();
          s.tcp = fields;
          return;
        }
        const s = current && !(proto in current.other) ? current : series.next();
        s.other[proto] = fields;
      },
      end: () => ({ samples: series.samples }),
    };
  },
});
