import fc from 'fast-check';
import { filterList } from './filter-list';

interface TestRow {
  id: number;
  k: number;
  s?: string | null;
  a?: number | null;
  t?: string[];
  n?: { x?: string | null };
}

const str = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', '_'), maxLength: 3 });
const small = fc.integer({ min: -2, max: 2 });

const rowsArb = fc
  .array(
    fc.record(
      {
        k: fc.integer({ min: 0, max: 3 }),
        s: fc.option(str, { nil: null }),
        a: fc.option(small, { nil: null }),
        t: fc.array(str, { maxLength: 3 }),
        n: fc.record({ x: fc.option(str, { nil: null }) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['k'] },
    ),
    { maxLength: 25 },
  )
  .map((rows) => rows.map((row, id): TestRow => ({ id, ...row })));

/** Leaves that never raise on these rows. */
const leafArb: fc.Arbitrary<unknown[]> = fc.oneof(
  fc.tuple(
    fc.constant('s'),
    fc.constantFrom(
      '=',
      '!=',
      '^',
      '!^',
      '$',
      '!$',
      'rin',
      'rnin',
      'C=',
      'C!=',
      'C^',
      'C$',
      'Crin',
    ),
    str,
  ),
  fc.tuple(
    fc.constant('s'),
    fc.constantFrom('in', 'nin', 'Cin', 'Cnin'),
    fc.array(str, { maxLength: 3 }),
  ),
  fc.tuple(fc.constant('s'), fc.constant('~'), fc.constantFrom('a', '(?i)a', '.*b$', '[ab]+_?')),
  fc.tuple(fc.constant('a'), fc.constantFrom('=', '!='), fc.option(small, { nil: null })),
  fc.tuple(fc.constant('a'), fc.constantFrom('in', 'nin'), fc.array(small, { maxLength: 3 })),
  fc.tuple(
    fc.constant('k'),
    fc.constantFrom('>', '>=', '<', '<=', '=', '!='),
    fc.integer({ min: 0, max: 3 }),
  ),
  fc.tuple(fc.constant('t'), fc.constantFrom('rin', 'rnin', 'Crin'), str),
  fc.tuple(fc.constantFrom('t.*', 't.0', 'n.x'), fc.constantFrom('=', '!=', 'C='), str),
);

const conditionArb: fc.Arbitrary<unknown[]> = fc.oneof(
  { weight: 3, arbitrary: leafArb },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('OR'),
      fc.array(fc.oneof(leafArb, fc.array(leafArb, { minLength: 1, maxLength: 2 })), {
        minLength: 1,
        maxLength: 3,
      }),
    ),
  },
);
const filtersArb = fc.array(conditionArb, { maxLength: 3 });

const orderByArb = fc.subarray([
  'k',
  '-id',
  'nulls_first:a',
  'nulls_last:-a',
  'nulls_last:s',
  '-k',
]);

const ids = (result: unknown): number[] => (result as TestRow[]).map((row) => row.id);

function deepFreeze<V>(v: V): V {
  if (typeof v === 'object' && v !== null) {
    Object.values(v).forEach(deepFreeze);
    Object.freeze(v);
  }
  return v;
}

describe('filterList properties', () => {
  it('count equals the length of the unlimited result', () => {
    fc.assert(
      fc.property(rowsArb, filtersArb, orderByArb, (rows, filters, orderBy) => {
        const all = filterList(rows, filters, { order_by: orderBy }) as unknown[];
        expect(filterList(rows, filters, { count: true })).toBe(all.length);
      }),
    );
  });

  it('offset + limit pages concatenate to the whole ordered result', () => {
    fc.assert(
      fc.property(
        rowsArb,
        filtersArb,
        orderByArb,
        fc.integer({ min: 1, max: 4 }),
        (rows, filters, orderBy, size) => {
          const whole = ids(filterList(rows, filters, { order_by: orderBy }));
          const pages: number[] = [];
          for (let offset = 0; offset <= whole.length; offset += size) {
            pages.push(
              ...ids(filterList(rows, filters, { order_by: orderBy, offset, limit: size })),
            );
          }
          expect(pages).toEqual(whole);
        },
      ),
    );
  });

  it('C= on lower-cased data equals = on the lower-cased value', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom('s', 't.*', 't.0', 'n.x'), str, (rows, field, value) => {
        const lowered = JSON.parse(JSON.stringify(rows).toLowerCase()) as TestRow[];
        expect(ids(filterList(lowered, [[field, 'C=', value]], {}))).toEqual(
          ids(filterList(lowered, [[field, '=', value.toLowerCase()]], {})),
        );
      }),
    );
  });

  it('a filter list equals the intersection of its single filters', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.array(conditionArb, { minLength: 1, maxLength: 4 }),
        (rows, filters) => {
          const combined = ids(filterList(rows, filters, {}));
          const each = filters.map((f) => new Set(ids(filterList(rows, [f], {}))));
          const expected = rows.map((r) => r.id).filter((id) => each.every((set) => set.has(id)));
          expect(combined).toEqual(expected);
        },
      ),
    );
  });

  it('never mutates the input rows', () => {
    fc.assert(
      fc.property(rowsArb, filtersArb, orderByArb, fc.boolean(), (rows, filters, orderBy, get) => {
        const before = structuredClone(rows);
        const frozen = deepFreeze(rows);
        const select = ['id', 'k', 'n', 'n.x', ['n', 'copy'], 'a', 's', 't'];
        try {
          filterList(frozen, filters, { select, order_by: orderBy, get });
        } catch (e) {
          expect((e as Error).message).toBe('MatchNotFound()');
        }
        filterList(frozen, filters, { order_by: orderBy, limit: 2 });
        expect(frozen).toEqual(before);
      }),
    );
  });
});
