// A bounded tally of datapath drops by reason (and the endpoints involved), shared by the monitor and flow readers.
import { type DropReason, reasonOfCode, reasonOfText } from './drop-reasons.js';

/** Drops of one reason, with the most frequent source -> destination pairs. */
export interface DropReasonCount {
  reason: DropReason;
  count: number;
  /** `source -> destination` (pod names or addresses, as printed), most frequent first after `end`, first 8. */
  pairs: { pair: string; count: number }[];
  /** Distinct pairs beyond the first 8. */
  otherPairs: number;
  /** The first line of this reason, as printed. */
  example: string;
}

export interface DropTally {
  /** Drop events read. */
  drops: number;
  /** Flow events with another verdict (FORWARDED, TRACED, TRANSLATED, REDIRECTED, AUDIT...), by verdict. */
  verdicts: Record<string, number>;
  /** By reason name, first 40 reasons. */
  reasons: DropReasonCount[];
  /** Drops of reasons beyond the first 40. */
  otherReasons: number;
}

const MAX_REASONS = 40;
const MAX_PAIRS = 8;

export interface DropTallyBuilder {
  /** Counts one drop; `reason` is the printed text (name, enum or number) or a numeric code. */
  drop(reason: string | number, pair: string | undefined, line: string): void;
  verdict(verdict: string): void;
  result(): DropTally;
}

export function createDropTally(): DropTallyBuilder {
  const tally: DropTally = { drops: 0, verdicts: {}, reasons: [], otherReasons: 0 };
  const byName = new Map<string, DropReasonCount>();
  const pairKeys = new Map<DropReasonCount, Map<string, { pair: string; count: number }>>();
  return {
    drop(raw, pair, line) {
      tally.drops++;
      const reason = typeof raw === 'number' ? reasonOfCode(raw) : reasonOfText(raw);
      let entry = byName.get(reason.name);
      if (!entry) {
        if (byName.size >= MAX_REASONS) {
          tally.otherReasons++;
          return;
        }
        entry = { reason, count: 0, pairs: [], otherPairs: 0, example: line.trim().slice(0, 300) };
        byName.set(reason.name, entry);
        pairKeys.set(entry, new Map());
      }
      entry.count++;
      if (!pair) return;
      const pairs = pairKeys.get(entry)!;
      const seen = pairs.get(pair);
      if (seen) seen.count++;
      else if (pairs.size < MAX_PAIRS) {
        const p = { pair, count: 1 };
        pairs.set(pair, p);
        entry.pairs.push(p);
      } else entry.otherPairs++;
    },
    verdict(verdict) {
      tally.verdicts[verdict] = (tally.verdicts[verdict] ?? 0) + 1;
    },
    result() {
      tally.reasons = [...byName.values()].sort((a, b) => b.count - a.count);
      for (const r of tally.reasons) r.pairs.sort((a, b) => b.count - a.count);
      return tally;
    },
  };
}
