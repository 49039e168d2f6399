// The parser of /proc/net/stat/nf_conntrack: the kernel's per-CPU conntrack counters as hex rows.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { type ConntrackStatsValue, canonicalCounter, createSampleBuilder } from './conntrack-stats.js';

export type { ConntrackStatsSample, ConntrackStatsValue } from './conntrack-stats.js';

/**
 * Column order of `/proc/net/stat/nf_conntrack` when the header is missing. Kernels since 2.6 print these 17
 * columns in this order (5.x renames `searched` to `clashres` and `delete_list` to `chainlength`; 2.6.2x lacks
 * `search_restart`).
 */
const CLASSIC_HEADER = [
  'entries',
  'searched',
  'found',
  'new',
  'invalid',
  'ignore',
  'delete',
  'delete_list',
  'insert',
  'insert_failed',
  'drop',
  'early_drop',
  'icmp_error',
  'expect_new',
  'expect_create',
  'expect_delete',
  'search_restart',
];

const HEX_WORD = /^[0-9a-f]{8}$/i;

function isHeader(line: string): boolean {
  const text = line.trimStart();
  return text.startsWith('entries ') && text.includes(' insert_failed ') && text.includes(' drop ');
}

/** The words of a row of 8-digit hex numbers (the last one may be cut short), or undefined. */
function hexWords(line: string): string[] | undefined {
  const words = line.trim().split(/\s+/);
  if (words.length < 2) return undefined;
  for (let i = 0; i < words.length - 1; i++) if (!isHex(words[i]!)) return undefined;
  return /^[0-9a-f]{1,8}$/i.test(words[words.length - 1]!) ? words : undefined;
}

function isHex(word: string): boolean {
  return HEX_WORD.test(word);
}

function classify(line: string): LineScore {
  if (isHeader(line)) return 2;
  const c = line.charCodeAt(0);
  const first = c === 32 ? line.trimStart().charCodeAt(0) : c;
  // Fast reject: rows start with a hex digit.
  if (!((first >= 48 && first <= 57) || (first >= 97 && first <= 102) || (first >= 65 && first <= 70))) return 0;
  const words = hexWords(line);
  if (!words) return 0;
  return words.length >= 16 && words.every(isHex) ? 2 : 1;
}

/** `/proc/net/stat/nf_conntrack` (and the legacy `/proc/net/stat/ip_conntrack`): one hex row per CPU. */
export const conntrackStatHexParser = lineParser<ConntrackStatsValue>({
  kind: 'conntrack-stat-hex',
  command: /^(?:cat|head|tail|more|less)\s+(?:\S+\s+)*?\/proc\/(?:self\/)?net\/stat\/(?:nf|ip)_conntrack\b/,
  classify,
  read(notes) {
    const builder = createSampleBuilder('proc-hex');
    let header: string[] | undefined;
    let rowIndex = 0;
    return {
      push(line) {
        const text = line.trim();
        if (text === '') return;
        if (isHeader(text)) {
          header = text.split(/\s+/).map(canonicalCounter);
          builder.split();
          rowIndex = 0;
          return;
        }
        const words = hexWords(text);
        if (!words) {
          notes.skip('not a /proc/net/stat/nf_conntrack row', text);
          return;
        }
        const names = header ?? CLASSIC_HEADER.map(canonicalCounter);
        if (words.length < names.length || !words.every(isHex)) {
          notes.skip('an incomplete row (cut off) was left out', text);
          return;
        }
        const counters: Record<string, number> = {};
        names.forEach((name, i) => {
          counters[name] = Number.parseInt(words[i]!, 16);
        });
        builder.row(rowIndex++, counters);
      },
      end() {
        return { samples: builder.samples(), errors: [] };
      },
    };
  },
});
