/** Returns a function giving floats in [0, 1), determined by `seed`. */
export function createRandom(seed: number): () => number;
/** Integer in [min, max], both included. */
export function intBetween(random: () => number, min: number, max: number): number;
/** Picks from `[[weight, value], ...]`. */
export function weighted<T>(random: () => number, table: readonly (readonly [number, T])[]): T;
