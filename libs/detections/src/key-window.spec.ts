import fc from 'fast-check';
import { KeyWindow, type WindowItem } from './key-window';

/** What a window holds, kept the plain way: every item, sorted when read. */
class NaiveWindow {
  items: WindowItem[] = [];

  add(item: WindowItem) {
    this.items.push(item);
  }

  /** In time order, then log order (the order they came in, for one time). */
  sorted() {
    return this.items
      .map((item, order) => ({ item, order }))
      .sort((a, b) => a.item.at - b.item.at || a.order - b.order)
      .map(({ item }) => item);
  }

  inRange(low: number, high: number) {
    return this.items.filter((item) => item.at > low && item.at <= high);
  }

  forgetUntil(cutoff: number) {
    this.items = this.items.filter((item) => item.at > cutoff);
    return this.items.length === 0;
  }
}

const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ add: fc.integer({ min: 0, max: 40 }), value: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ forget: fc.integer({ min: -1, max: 40 }) }) },
);

/** Holds `window` to `naive` over (low, low + width]. */
function expectSame(window: KeyWindow, naive: NaiveWindow, low: number, width: number) {
  const high = low + width;
  const inRange = naive.inRange(low, high);
  const sorted = naive.sorted();
  expect(window.toArray()).toEqual(sorted);
  expect(window.newestAt).toBe(sorted.at(-1)?.at ?? -Infinity);
  expect(window.count(low, high)).toBe(inRange.length);
  expect(window.seqsBetween(low, high)).toEqual(
    inRange.map((item) => item.seq).sort((a, b) => a - b),
  );
  const values = new Set(inRange.flatMap((item) => item.value ?? []));
  for (const enough of [1, 3, 40]) {
    expect(window.distinct(low, high, enough)).toBe(Math.min(values.size, enough));
  }
}

describe('KeyWindow', () => {
  it.each([false, true])(
    'counts, lists and forgets as a plain list of its items does (distinct: %s)',
    (distinct) => {
      fc.assert(
        fc.property(
          fc.array(operation, { minLength: 1, maxLength: 120, size: 'max' }),
          fc.integer({ min: -1, max: 40 }),
          fc.integer({ min: 1, max: 41 }),
          (operations, low, width) => {
            let window: KeyWindow | undefined;
            const naive = new NaiveWindow();
            let seq = 0;
            for (const op of operations) {
              if ('forget' in op) {
                if (window)
                  expect(window.forgetUntil(op.forget)).toBe(naive.forgetUntil(op.forget));
              } else {
                const value = distinct ? `v${op.value}` : undefined;
                seq++;
                naive.add(value === undefined ? { at: op.add, seq } : { at: op.add, seq, value });
                if (window) window.add(op.add, seq, value);
                else window = new KeyWindow(distinct, op.add, seq, value);
              }
              if (window) expectSame(window, naive, low, width);
            }
          },
        ),
        { numRuns: 100 },
      );
    },
  );
});
