export interface BoundedOptions<T> {
  /** At most this many `run`s at once. */
  concurrency: number;
  /** Items with the same key run one after the other, in input order (two starts of one business key never race). */
  keyOf?: (item: T) => string | undefined;
}

/**
 * `run` over every item with at most `concurrency` at once; the results in input order. `onDone` sees each result as
 * it comes. `run` should not throw: a batch reports each item's failure, it does not stop at the first one.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  options: BoundedOptions<T>,
  run: (item: T, index: number) => Promise<R>,
  onDone?: (result: R, index: number) => void,
): Promise<R[]> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a positive whole number, got ${options.concurrency}`);
  }
  const results = new Array<R>(items.length);
  const previousOfKey = new Map<string, Promise<unknown>>();
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      const key = options.keyOf?.(item);
      // An earlier item of the same key is already running in another lane (lanes take items in order): no deadlock.
      const previous = key === undefined ? undefined : previousOfKey.get(key);
      const turn = (previous ?? Promise.resolve()).then(() => run(item, index));
      if (key !== undefined)
        previousOfKey.set(
          key,
          turn.catch(() => undefined),
        );
      const result = await turn;
      results[index] = result;
      onDone?.(result, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, lane));
  return results;
}
