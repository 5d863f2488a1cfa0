import fc from 'fast-check';
import { CollectedDateKeys, orderRows, orderRowsSteps } from './order-by';
import { runToEnd, UNLIMITED } from './work-steps';
import { filterList } from './filter-list';

const rows = [
  { id: 1, a: 2, s: 'b', g: 'x' },
  { id: 2, a: null, s: 'a', g: 'y' },
  { id: 3, a: 1, s: 'b', g: 'x' },
  { id: 4, s: 'c', g: 'y' },
  { id: 5, a: 3, s: 'a', g: 'x' },
];
const order = (orderBy: string[], input: readonly object[] = rows): number[] =>
  orderRows(input, orderBy).map((r) => (r as { id: number }).id);

describe('orderRows', () => {
  it('sorts ascending, descending and stably', () => {
    expect(order(['s'])).toEqual([2, 5, 1, 3, 4]);
    expect(order(['-s'])).toEqual([4, 1, 3, 2, 5]);
    expect(order(['id'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('moves null or absent values with nulls_first: / nulls_last:', () => {
    expect(order(['nulls_first:a'])).toEqual([2, 4, 3, 1, 5]);
    expect(order(['nulls_last:a'])).toEqual([3, 1, 5, 2, 4]);
    expect(order(['nulls_first:-a'])).toEqual([2, 4, 5, 1, 3]);
    expect(order(['nulls_last:-a'])).toEqual([5, 1, 3, 2, 4]);
  });

  it('splits nulls on the whole text as a top-level key (REF §3.4 quirk)', () => {
    const nested = rows.map((r) => ({ id: r.id, n: { a: 'a' in r ? r.a : undefined } }));
    expect(order(['nulls_last:n.a'], nested)).toEqual([1, 2, 3, 4, 5]);
    expect(order(['nulls_first:-n.a'], nested)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fails with the TypeError on nulls without a prefix', () => {
    expect(() => order(['a'])).toThrow(
      "'<' not supported between instances of 'NoneType' and 'int'",
    );
  });

  it('makes the first key primary', () => {
    expect(order(['g', 's'])).toEqual([5, 1, 3, 2, 4]);
    expect(order(['g', '-s'])).toEqual([1, 3, 5, 4, 2]);
    expect(order(['-g', 'id'])).toEqual([2, 4, 1, 3, 5]);
    expect(order(['s', 'nulls_last:-a'])).toEqual([5, 2, 1, 3, 4]);
  });

  it('orders $date objects as datetimes', () => {
    const dated = [
      { id: 1, t: { $date: 3000 } },
      { id: 2, t: { $date: 1000 } },
      { id: 3, t: { $date: 2000 } },
    ];
    expect(order(['t'], dated)).toEqual([2, 3, 1]);
    expect(order(['-t.$date'], dated)).toEqual([1, 3, 2]);
  });

  it('does not touch its input array', () => {
    const input = rows.slice();
    order(['-s'], input);
    expect(input).toEqual(rows);
  });
});

describe('order_by in filterList', () => {
  it('orders the selected rows (select comes first)', () => {
    expect(() => filterList(rows, [], { select: ['id'], order_by: ['s'] })).toThrow(
      "'<' not supported between instances of 'NoneType' and 'NoneType'",
    );
    expect(filterList(rows, [], { select: ['s'], order_by: ['-s'], limit: 2 })).toEqual([
      { s: 'c' },
      { s: 'b' },
    ]);
  });
});

describe('orderRows for a page', () => {
  const at = (s: number) => ({ $date: s * 1000 });
  const rowsOf = (keys: number[]) => keys.map((k, i) => ({ i, n: k, d: at(k) }));
  // size 'max': lengths up to 300, well past 16 times a page (the default keeps them near 10).
  const keys = fc.array(fc.integer({ min: 0, max: 5 }), {
    minLength: 0,
    maxLength: 300,
    size: 'max',
  });
  const sorted = (n: number) => Array.from({ length: n }, (_, i) => Math.floor(i / 3));

  it.each(['n', '-n', 'd', '-d'])(
    'gives the first rows of the full stable order (%s), in any input order',
    (key) => {
      fc.assert(
        fc.property(
          fc.oneof(
            keys,
            keys.map((k) => sorted(k.length)),
            keys.map((k) => sorted(k.length).reverse()),
          ),
          fc.integer({ min: 1, max: 20 }),
          (input, wanted) => {
            const rows = rowsOf(input);
            expect(orderRows(rows, [key], wanted)).toEqual(orderRows(rows, [key]).slice(0, wanted));
            expect(orderRows(rows, ['-d', key], wanted)).toEqual(
              orderRows(rows, ['-d', key]).slice(0, wanted),
            );
          },
        ),
      );
    },
  );
});

describe('CollectedDateKeys', () => {
  const at = (s: number) => ({ $date: s * 1000 });
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }).map(at) },
    { weight: 1, arbitrary: fc.constantFrom(null, 3, 'x', { $date: 1, y: 2 }, [at(1)]) },
  );
  const rowsArb = fc
    .array(fc.record({ d: value, n: fc.integer({ min: 0, max: 3 }) }), {
      maxLength: 200,
      size: 'max',
    })
    .map((rows) => rows.map((row, i) => ({ i, ...row })));
  const orderArb = fc.constantFrom(
    ['d'],
    ['-d'],
    ['n', '-d'],
    ['-d', 'n'],
    ['nulls_last:d'],
    ['d.$date'],
    ['-n'],
  );

  /** The keys read as rows are collected, then the order made with them. */
  function ordered(rows: readonly object[], orderBy: readonly string[], wanted?: number): unknown {
    const keys = CollectedDateKeys.of(orderBy, 16);
    for (const row of rows) keys?.add(row);
    const work = UNLIMITED();
    return runToEnd(orderRowsSteps(rows, orderBy, work, wanted, keys?.result()), work);
  }

  const outcome = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };

  it('orders as orderRows does, errors included, whether it kept the keys or not', () => {
    fc.assert(
      fc.property(
        rowsArb,
        orderArb,
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (rows, orderBy, wanted) => {
          expect(outcome(() => ordered(rows, orderBy, wanted))).toEqual(
            outcome(() => orderRows(rows, orderBy, wanted)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the keys while every row has a naive datetime, and only then', () => {
    const rows = [{ d: at(2) }, { d: at(1) }, { d: at(1) }];
    const keys = CollectedDateKeys.of(['-d'], 1);
    for (const row of rows) keys?.add(row);
    expect(keys?.result()).toEqual({
      ms: new Float64Array([2000, 1000, 1000]),
      rising: false,
      falling: true,
    });
    keys?.add({ d: 'x' });
    expect(keys?.result()).toBeUndefined();
    keys?.add({ d: at(0) });
    expect(keys?.result()).toBeUndefined();
    expect(CollectedDateKeys.of(['nulls_first:d'], 1)).toBeUndefined();
    expect(CollectedDateKeys.of([], 1)).toBeUndefined();
  });

  it('gives up on a path that fails, for the ordering to fail as it would have', () => {
    const keys = CollectedDateKeys.of(['l.x'], 4);
    keys?.add({ l: [at(1)] });
    expect(keys?.result()).toBeUndefined();
    expect(() => orderRows([{ l: [1] }, { l: [2] }], ['l.x'])).toThrow(
      'x: must be array index or wildcard character',
    );
  });
});

describe('order_by over rows read one by one', () => {
  it('fails with the first error reading the rows gives, before any of ordering', () => {
    const rows = [
      { k: 1, l: [1] },
      { k: 'a', l: [2] },
    ];
    expect(() => filterList(rows.values(), [['k', '>', 0]], { order_by: ['l.x'] })).toThrow(
      "'>' not supported between instances of 'str' and 'int'",
    );
    expect(() => filterList(rows.values(), [], { order_by: ['l.x'] })).toThrow(
      'x: must be array index or wildcard character',
    );
  });
});
