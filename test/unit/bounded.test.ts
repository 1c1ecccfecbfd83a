import { mapBounded } from '../../client/bounded';

/** A task that stays in flight until the test lets it go: concurrency is observed, not timed. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('mapBounded: a batch a few at a time', () => {
  it('never has more than `concurrency` in flight, and keeps the results in input order', async () => {
    const gates = Array.from({ length: 10 }, gate);
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const running = mapBounded(
      gates.map((_g, i) => i),
      { concurrency: 3 },
      async (i) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await gates[i]!.opened;
        inFlight -= 1;
        return `item ${i}`;
      },
      (_result, i) => done.push(i),
    );
    await flush();
    expect(inFlight).toBe(3);
    // Finish them out of order: the last started first.
    for (const i of [2, 0, 1, 5, 4, 3, 9, 8, 7, 6]) {
      gates[i]!.open();
      await flush();
    }
    const results = await running;
    expect(most).toBe(3);
    expect(results).toEqual(gates.map((_g, i) => `item ${i}`));
    expect(done).toHaveLength(10);
    expect(done.slice(0, 3)).toEqual([2, 0, 1]);
  });

  it('runs items of the same key one after the other, in input order, while other keys go on', async () => {
    const order: string[] = [];
    const items = ['a', 'b', 'a', 'c', 'a'];
    const first = gate();
    const running = mapBounded(items, { concurrency: 4, keyOf: (key) => key }, async (key, i) => {
      order.push(`start ${key}${i}`);
      if (i === 0) await first.opened;
      order.push(`end ${key}${i}`);
      return i;
    });
    await flush();
    // b and c are done; the later a's wait for the first a.
    expect(order).toEqual(['start a0', 'start b1', 'end b1', 'start c3', 'end c3']);
    first.open();
    expect(await running).toEqual([0, 1, 2, 3, 4]);
    expect(order.slice(5)).toEqual(['end a0', 'start a2', 'end a2', 'start a4', 'end a4']);
  });

  it('an empty batch is an empty result; a concurrency below 1 is refused', async () => {
    expect(await mapBounded([], { concurrency: 2 }, () => Promise.resolve(1))).toEqual([]);
    await expect(mapBounded([1], { concurrency: 0 }, () => Promise.resolve(1))).rejects.toThrow(RangeError);
    await expect(mapBounded([1], { concurrency: 1.5 }, () => Promise.resolve(1))).rejects.toThrow(
      'concurrency must be a positive whole number',
    );
  });
});
