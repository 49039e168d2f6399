// Bounded concurrency for a sweep: a task per item, at most N in flight, results in the items' order.
/**
 * Calls `task` for every item with at most `concurrency` calls in flight, starting the next one as soon as a slot is
 * free; results keep the items' order. `task` must not throw (return failures as values). When `signal` aborts, no
 * new item starts and the skipped ones stay `undefined`.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<(R | undefined)[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a whole number ≥ 1');
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
