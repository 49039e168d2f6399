// The parser of the collector's netns check: whether it ran in the node's network namespace, and why it thinks so.
import type { LineScore } from '../parser.js';
import { classifyKeyValue, readKeyValue } from '../shared/key-value-lines.js';
import { lineParser } from '../shared/line-parser.js';

/** Whether the collector ran in the node's network namespace, and why it thinks so. */
export interface NetnsCheckValue {
  /** `host`, `pod` or `unknown`. */
  netns?: string;
  reason?: string;
  /** The conntrack count seen from the collector's namespace (per namespace) and the max (global). */
  conntrackCount?: number;
  conntrackMax?: number;
  fields: Record<string, string>;
}

const MAX_FIELDS = 50;
const SIGNATURE_KEYS = new Set(['self_netns', 'pid1_netns', 'pid1_visible', 'pid1_is_init', 'host_interface']);
const OTHER_KEYS = new Set([
  'pid1_comm',
  'interfaces',
  'interface_count',
  'conntrack_count',
  'conntrack_max',
  'netns',
  'reason',
]);

function classify(line: string): LineScore {
  return classifyKeyValue(line, SIGNATURE_KEYS, OTHER_KEYS);
}

/** The collector's `netns` section: `netns=host|pod|unknown`, `reason=...` and the facts behind them. */
export const netnsCheckParser = lineParser<NetnsCheckValue>({
  kind: 'netns-check',
  command: /^(?:netns\s+check\b|readlink\s+\/proc\/self\/ns\/net\b)/,
  classify,
  read(notes) {
    const value: NetnsCheckValue = { fields: {} };
    return {
      push(line) {
        const text = line.trim();
        if (text === '') return;
        const field = readKeyValue(text, value.fields, MAX_FIELDS, notes, true);
        if (!field) return;
        const [key, raw] = field;
        if (key === 'netns') value.netns = raw;
        else if (key === 'reason') value.reason = raw;
        else if (key === 'conntrack_count' && /^\d+$/.test(raw)) value.conntrackCount = Number(raw);
        else if (key === 'conntrack_max' && /^\d+$/.test(raw)) value.conntrackMax = Number(raw);
      },
      end() {
        return value;
      },
    };
  },
});
