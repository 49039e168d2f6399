// Bounded top lists of a conntrack listing: exact counts up to a limit, then a sampled sketch keeping the top keys.
import type { TopEntry } from './conntrack-breakdown.js';

/** Entries kept in each top list of a result. */
export const TOP_N = 20;

/** Distinct keys counted exactly; past that, counts are estimates. */
const EXACT_KEYS = 4096;
/** Slots of the exact table (open addressing, at most half full). */
const EXACT_SLOTS = EXACT_KEYS * 2;
const EXACT_MASK = EXACT_SLOTS - 1;
const SKETCH_BITS = 16;
const SKETCH_MASK = (1 << SKETCH_BITS) - 1;
const CANDIDATES = 64;
/** Once estimating, one key in `STRIDE` is counted (with weight `STRIDE`): a quarter of the work, same top keys. */
export const STRIDE = 4;

function slotB(hash: number): number {
  return (Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 7) & SKETCH_MASK;
}

function exactSlot(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) & EXACT_MASK;
}

interface Candidate {
  key: string;
  count: number;
  hash: number;
}

/**
 * Counts keys given by a 32-bit hash, building a key's text only when it may reach the top. Exact up to
 * `EXACT_KEYS` distinct keys (a typed-array hash table); past that, a count-min sketch (two rows of 2^16) keeps
 * memory fixed and only the `CANDIDATES` largest keys are named, and only every `STRIDE`-th key is counted. Callers
 * ask `take()` before hashing, check `wants(hash)` and only then build the key for `add` (before the next `wants`).
 */
/** Where a counter's sketch rows live (two of 2^16 cells, zeroed): by default arrays of its own. */
export type SketchRows = () => { a: Uint32Array; b: Uint32Array };

const ownRows: SketchRows = () => ({ a: new Uint32Array(1 << SKETCH_BITS), b: new Uint32Array(1 << SKETCH_BITS) });

export function createTopCounter(sketchRows: SketchRows = ownRows) {
  // The exact table: hashes, counts and names by slot; `order` lists used slots in first-seen order.
  let hashes: Int32Array | undefined = new Int32Array(EXACT_SLOTS);
  let counts = new Float64Array(EXACT_SLOTS);
  let used = new Uint8Array(EXACT_SLOTS);
  let names: string[] = new Array<string>(EXACT_SLOTS);
  let order: number[] = [];
  /** The free slot `wants` found for the hash it returned true for. */
  let pending = -1;
  let rowA: Uint32Array | undefined;
  let rowB: Uint32Array | undefined;
  const candidates = new Map<number, Candidate>();
  let floor = 0;
  let estimate = 0;
  let turn = 0;

  const resetFloor = (): void => {
    if (candidates.size < CANDIDATES) {
      floor = 0;
      return;
    }
    floor = Number.POSITIVE_INFINITY;
    for (const c of candidates.values()) if (c.count < floor) floor = c.count;
  };
  /** Leaves the exact table for the sketch: its counts go to the rows, its largest keys become candidates. */
  const toSketch = (): void => {
    const rows = sketchRows();
    rowA = rows.a;
    rowB = rows.b;
    const all = order.map((slot) => ({ key: names[slot]!, count: counts[slot]!, hash: hashes![slot]! }));
    for (const e of all) {
      rowA[e.hash & SKETCH_MASK]! += e.count;
      rowB[slotB(e.hash)]! += e.count;
    }
    for (const e of all.sort((x, y) => y.count - x.count).slice(0, CANDIDATES)) candidates.set(e.hash, e);
    hashes = undefined;
    counts = new Float64Array(0);
    used = new Uint8Array(0);
    names = [];
    order = [];
    resetFloor();
  };
  /**
   * `wants` once estimating, for a key whose sketch cells the caller already counted (by the same rule) and whose
   * estimate is now `count`.
   */
  const wantsEstimated = (hash: number, count: number): boolean => {
    estimate = count;
    if (estimate <= floor) return false;
    const c = candidates.get(hash);
    if (c) c.count = estimate;
    return c === undefined;
  };
  const sketchCount = (hash: number): number => Math.min(rowA![hash & SKETCH_MASK]!, rowB![slotB(hash)]!);

  return {
    /** Whether this key is counted at all (always while exact). */
    take(): boolean {
      if (hashes) return true;
      turn = turn === STRIDE - 1 ? 0 : turn + 1;
      return turn === 0;
    },
    /** Counts one more of `hash`; true when the caller must name it with `add`. */
    wants(hash: number): boolean {
      if (hashes) {
        let slot = exactSlot(hash);
        while (used[slot] === 1) {
          if (hashes[slot] === hash) {
            counts[slot]!++;
            return false;
          }
          slot = (slot + 1) & EXACT_MASK;
        }
        pending = slot;
        return true;
      }
      const a = hash & SKETCH_MASK;
      const b = slotB(hash);
      rowA![a]! += STRIDE;
      rowB![b]! += STRIDE;
      return wantsEstimated(hash, Math.min(rowA![a]!, rowB![b]!));
    },
    wantsEstimated,
    add(hash: number, key: string): void {
      if (hashes) {
        hashes[pending] = hash;
        counts[pending] = 1;
        used[pending] = 1;
        names[pending] = key;
        order.push(pending);
        if (order.length > EXACT_KEYS) toSketch();
        return;
      }
      if (candidates.size >= CANDIDATES) {
        let min: Candidate | undefined;
        for (const c of candidates.values()) if (!min || c.count < min.count) min = c;
        if (min) candidates.delete(min.hash);
      }
      candidates.set(hash, { key, count: estimate, hash });
      resetFloor();
    },
    top(n = TOP_N): TopEntry[] {
      const list = hashes
        ? order.map((slot) => ({ key: names[slot]!, count: counts[slot]! }))
        : [...candidates.values()].map((c) => ({ key: c.key, count: sketchCount(c.hash) }));
      return list
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
        .slice(0, n)
        .map(({ key, count }) => ({ key, count }));
    },
    /** True once counts are estimates (then `take` samples one key in STRIDE). */
    get approximate(): boolean {
      return hashes === undefined;
    },
    /** The smallest count among the named keys once estimating: a key at or below it is not named. */
    get floor(): number {
      return floor;
    },
    /** Where `take` is in its stride; a caller that sampled keys by the same rule sets where it got to. */
    get turn(): number {
      return turn;
    },
    set turn(value: number) {
      turn = value;
    },
  };
}
