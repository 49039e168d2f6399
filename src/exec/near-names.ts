// Near node names for a name no node answers to: a bounded edit distance and a shared first DNS label.
/** Levenshtein distance (insert, delete, substitute cost 1), stopping early once every cell exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Names close to `wanted`, best first: within an edit distance of a third of its length (at least 2), or sharing
 * its first DNS label (`node-7` for `node-7.example.internal`). At most `max`.
 */
export function nearNames(wanted: string, names: readonly string[], max = 3): string[] {
  const target = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  const firstLabel = (name: string) => name.split('.')[0] ?? name;
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    let score = editDistance(target, lower, limit);
    if (score > limit && firstLabel(lower) === firstLabel(target)) score = limit;
    if (score <= limit) scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
