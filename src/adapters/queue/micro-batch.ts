// A microbatch: items submitted during one turn of the event loop go to Redis together (one pipeline instead of a
// round trip each), and each submitter gets its own item's outcome once the whole batch has been written.
//
//   const add = microBatch(async (items) => pipelineAdd(items), { maxItems: 100 });
//   const outcome = await add(item);   // resolved after the flush that carried `item`

/** The outcome of one item: its value, or the error that item (or its whole batch) failed with. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface MicroBatchOptions {
  /** A batch is flushed at once when it reaches this size. @defaultValue 100 */
  maxItems?: number;
}

/**
 * Returns `submit(item)`: the item joins the current batch, flushed in the event loop's check phase (`setImmediate`,
 * after the I/O callbacks of this turn) or as soon as it holds `maxItems`. `flush` answers one outcome per item, in
 * order; if it throws, every item of that batch fails with its error.
 */
export function microBatch<T, R>(
  flush: (items: T[]) => Promise<ItemOutcome<R>[]>,
  options: MicroBatchOptions = {},
): (item: T) => Promise<R> {
  const maxItems = options.maxItems ?? 100;
  let items: T[] = [];
  let waiters: { resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const run = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const batch = items;
    const batchWaiters = waiters;
    items = [];
    waiters = [];
    flush(batch).then(
      (outcomes) => {
        batchWaiters.forEach((waiter, index) => {
          const outcome = outcomes[index];
          if (outcome?.ok) waiter.resolve(outcome.value);
          else waiter.reject(outcome ? outcome.error : new Error('the batch gave no outcome for this item'));
        });
      },
      (error: unknown) => {
        for (const waiter of batchWaiters) waiter.reject(error);
      },
    );
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      items.push(item);
      waiters.push({ resolve, reject });
      if (items.length >= maxItems) run();
      else scheduled ??= setImmediate(run);
    });
}
