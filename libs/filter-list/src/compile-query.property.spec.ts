import fc from 'fast-check';
import {
  compileQuery,
  MAX_RESERVED_MATCHES,
  SORT_WORK_PER_ROW,
  type CompiledQuery,
} from './compile-query';

/** Stepping a query with any step sizes gives exactly what run() gives, errors included. */

const str = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '_'), maxLength: 3 });
const mixed = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: str },
);

const rowsArb = fc
  .array(
    fc.record({
      k: fc.integer({ min: 0, max: 5 }),
      s: str,
      m: mixed,
      d: fc.record({ $date: fc.integer({ min: 0, max: 50 }) }),
    }),
    { maxLength: 220 },
  )
  .map((rows) => rows.map((row, id) => ({ id, ...row })));

const filtersArb = fc.oneof(
  fc.constant([]),
  fc.constant([['k', '>', 1]]),
  fc.constant([['s', '~', '(?i)a']]),
  fc.constant([
    [
      'OR',
      [
        ['k', '=', 0],
        ['s', '^', 'b'],
      ],
    ],
  ]),
);

const keyArb = fc.constantFrom(
  'k',
  '-k',
  's',
  '-s',
  'id',
  '-id',
  'd',
  '-d',
  'nulls_first:m',
  'nulls_last:-m',
  'm',
);

const optionsArb = fc.record(
  {
    order_by: fc.array(keyArb, { maxLength: 3 }),
    limit: fc.integer({ min: 0, max: 30 }),
    offset: fc.integer({ min: 0, max: 10 }),
    count: fc.boolean(),
    get: fc.boolean(),
    select: fc.constantFrom(['id'], ['id', 's'], [['k', 'key']]),
  },
  { requiredKeys: [] },
);

type Outcome = { value: unknown } | { error: string };

function outcome(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function stepped(
  query: CompiledQuery,
  rows: Iterable<object>,
  sizes: number[],
  expectedRows?: number,
): unknown {
  const cursor = query.start(rows, expectedRows);
  let steps = 0;
  while (!cursor.step(sizes[steps % sizes.length])) steps++;
  return cursor.result();
}

describe('compileQuery: start/step', () => {
  it('gives exactly the result of run() for any step sizes', () => {
    fc.assert(
      fc.property(
        rowsArb,
        filtersArb,
        optionsArb,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        (rows, filters, options, sizes) => {
          const compiled = outcome(() => compileQuery(filters, options));
          if ('error' in compiled) return;
          const query = compiled.value as CompiledQuery;
          expect(outcome(() => stepped(query, rows, sizes))).toEqual(
            outcome(() => query.run(rows)),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same whatever number of rows it is told to expect, over a list or not', () => {
    fc.assert(
      fc.property(
        rowsArb,
        filtersArb,
        optionsArb,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }),
        fc.oneof(
          fc.integer({ min: -5, max: 300 }),
          fc.constantFrom(undefined, 0.5, Number.NaN, Infinity, MAX_RESERVED_MATCHES + 1),
        ),
        fc.boolean(),
        (rows, filters, options, sizes, expected, lazily) => {
          const compiled = outcome(() => compileQuery(filters, options));
          if ('error' in compiled) return;
          const query = compiled.value as CompiledQuery;
          const input = lazily ? rows.values() : rows;
          expect(outcome(() => stepped(query, input, sizes, expected))).toEqual(
            outcome(() => query.run(rows)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads at most maxRows rows per step', () => {
    let read = 0;
    function* rows(): Generator<object> {
      for (let id = 0; id < 100; id++) {
        read++;
        yield { id };
      }
    }
    const cursor = compileQuery([['id', '>=', 0]], { count: true }).start(rows());
    expect(cursor.step(7)).toBe(false);
    expect(read).toBe(7);
    while (!cursor.step(7));
    expect(cursor.result()).toBe(100);
  });

  it('orders in many bounded steps, not one', () => {
    const rows = Array.from({ length: 2_000 }, (_, id) => ({ id, k: (id * 7919) % 2_000 }));
    const query = compileQuery([], { order_by: ['k'] });
    const cursor = query.start(rows);
    let steps = 0;
    while (!cursor.step(1)) steps++;
    // 2,000 steps read the rows; ~22,000 comparisons at SORT_WORK_PER_ROW each need more.
    expect(steps).toBeGreaterThan(2_000 + 22_000 / SORT_WORK_PER_ROW / 2);
    expect(cursor.result()).toEqual(query.run(rows));
  });

  it('types the result by mode', () => {
    expect(compileQuery([], { count: true }).mode).toBe('count');
    expect(compileQuery([['id', '=', 1]], { get: true }).mode).toBe('get');
    expect(compileQuery([], {}).mode).toBe('rows');
  });
});
