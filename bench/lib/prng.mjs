// A small seeded PRNG (mulberry32) so generated benchmark data is the same on every run and machine.

/** Returns a function giving floats in [0, 1), determined by `seed`. */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both included. */
export function intBetween(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}

/** Picks from `[[weight, value], ...]`. */
export function weighted(random, table) {
  let total = 0;
  for (const [w] of table) total += w;
  let r = random() * total;
  for (const [w, v] of table) {
    r -= w;
    if (r < 0) return v;
  }
  return table[table.length - 1][1];
}
