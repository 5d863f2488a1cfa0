import { C, f5Rows, K, N, T, W, type FixtureRow } from '../../../test/fixtures/f5-rows';
import { filterList } from './filter-list';
import { MatchNotFoundError, QueryCallError, QueryValidationError } from './query-error';

const ids = (result: unknown): string[] => (result as FixtureRow[]).map((row) => row.id);

/** A generator over the rows that records how many were read. */
function counted(rows: FixtureRow[]): { iterable: Iterable<FixtureRow>; read: () => number } {
  let read = 0;
  return {
    iterable: (function* () {
      for (const row of rows) {
        read++;
        yield row;
      }
    })(),
    read: () => read,
  };
}

describe('filterList processing order', () => {
  it('get without order_by stops reading at the first match', () => {
    const source = counted(f5Rows());
    expect(filterList(source.iterable, [['internal', '=', false]], { get: true })).toEqual(W);
    expect(source.read()).toBe(2);
  });

  it('limit without order_by or count stops reading after offset + limit matches', () => {
    const source = counted(f5Rows());
    expect(
      ids(filterList(source.iterable, [['internal', '=', false]], { offset: 1, limit: 1 })),
    ).toEqual([K.id]);
    expect(source.read()).toBe(3);
  });

  it('count ignores order, offset and limit', () => {
    expect(filterList(f5Rows(), [], { count: true, offset: 3, limit: 1, order_by: ['id'] })).toBe(
      5,
    );
  });

  it('count with get: MW-26 returns the row when filters are set and there is no order_by', () => {
    expect(filterList(f5Rows(), [['internal', '=', true]], { count: true, get: true })).toEqual(N);
    expect(() =>
      filterList(f5Rows(), [['internal', '=', 'nope']], { count: true, get: true }),
    ).toThrow(MatchNotFoundError);
    expect(filterList(f5Rows(), [], { count: true, get: true })).toBe(5);
    expect(
      filterList(f5Rows(), [['internal', '=', true]], { count: true, get: true, order_by: ['id'] }),
    ).toBe(2);
  });

  it('get with order_by returns the first row after ordering', () => {
    expect(filterList(f5Rows(), [], { get: true, order_by: ['-created_at'] })).toEqual(C);
    expect(filterList(f5Rows(), [], { get: true, limit: 1 })).toEqual(N);
    expect(() => filterList([], [], { get: true })).toThrow(MatchNotFoundError);
    expect(() => filterList([], [], { get: true, order_by: ['id'] })).toThrow('MatchNotFound()');
  });

  it('select applies before count, so select errors surface', () => {
    const rows = [{ a: [1] }];
    expect(() => filterList(rows, [], { select: ['a.x'], count: true })).toThrow(
      'Selecting by list index is not supported',
    );
  });

  it('returns the input objects when nothing is selected', () => {
    const rows = f5Rows();
    const result = filterList(rows, [['internal', '=', true]], {}) as FixtureRow[];
    expect(result[0]).toBe(rows[0]);
    expect(result).not.toBe(rows);
  });

  it('accepts any iterable, such as a Map’s values', () => {
    const map = new Map(f5Rows().map((row) => [row.id, row]));
    expect(filterList(map.values(), [['credentials', '=', 'TOKEN']], { count: true })).toBe(1);
  });

  it('validates before reading any row', () => {
    const source = counted(f5Rows());
    expect(() => filterList(source.iterable, [['id', 'like', 'x']], {})).toThrow(
      QueryValidationError,
    );
    expect(() => filterList(source.iterable, [], { get: true, offset: 1 })).toThrow(QueryCallError);
    expect(source.read()).toBe(0);
  });

  it('raises runtime errors only when a row reaches the leaf', () => {
    expect(filterList([], [['origin', '~', '(']], {})).toEqual([]);
    expect(() => filterList(f5Rows(), [['origin', '~', '(']], {})).toThrow(
      "invalid regular expression '(': missing ), unterminated subpattern at position 0",
    );
    expect(
      ids(
        filterList(
          f5Rows(),
          [
            ['current', '=', 'no'],
            ['origin', '>', 5],
          ],
          {},
        ),
      ),
    ).toEqual([]);
    expect(() =>
      filterList(
        f5Rows(),
        [
          ['current', '=', true],
          ['origin', '>', 5],
        ],
        {},
      ),
    ).toThrow("'>' not supported between instances of 'str' and 'int'");
  });
});

describe('.$date filters', () => {
  const run = (filters: unknown): string[] => ids(filterList(f5Rows(), filters, {}));

  it('compares naive ISO strings as UTC', () => {
    expect(run([['created_at.$date', '<', '2025-01-15 09:30']])).toEqual([N.id, W.id]);
    expect(run([['created_at.$date', '=', '2025-01-15T09:45:00']])).toEqual([T.id]);
    expect(run([['created_at.$date', '!=', '2025-01-15']])).toEqual([N.id, W.id, K.id, T.id, C.id]);
    expect(run([['created_at.$date', '>', '2025-01-15T09:59:59.999999']])).toEqual([C.id]);
    expect(run([['credentials_data.login_at.$date', '>=', '2025-01-15T09:30']])).toEqual([
      K.id,
      C.id,
    ]);
  });

  it('fails on an aware string for ordered comparisons, never matches for =', () => {
    expect(() => run([['created_at.$date', '>=', '2025-01-15T09:30:00Z']])).toThrow(
      new QueryCallError("can't compare offset-naive and offset-aware datetimes"),
    );
    expect(() => run([['created_at.$date', '<', '2025-01-15T09:30:00+00:00']])).toThrow(
      "can't compare offset-naive and offset-aware datetimes",
    );
    expect(run([['created_at.$date', '=', '2025-01-15T09:45:00Z']])).toEqual([]);
  });

  it('treats a $date filter value as an aware datetime', () => {
    expect(run([['created_at', '=', { $date: T.created_at.$date }]])).toEqual([]);
    expect(() => run([['created_at', '>', { $date: 0 }]])).toThrow(
      "can't compare offset-naive and offset-aware datetimes",
    );
    expect(() => run([['created_at', '>', 0]])).toThrow(
      "'>' not supported between instances of 'datetime.datetime' and 'int'",
    );
  });

  it('applies Python semantics when the path does not hold a datetime', () => {
    expect(() => run([['origin.$date', '>', '2025-01-15']])).toThrow(
      "'>' not supported between instances of 'str' and 'datetime.datetime'",
    );
    expect(run([['credentials_data.$date', '>', '2025-01-15']])).toEqual([]);
    expect(() => run([['created_at.$date', 'C=', '2025-01-15']])).toThrow(
      "<class 'datetime.datetime'>: support for casefolding object type not implemented.",
    );
    expect(() => run([['2025-01-15', '<', 'created_at.$date']])).toThrow(
      "'datetime.datetime' object has no attribute 'partition'",
    );
  });

  it('resolves .$date under wildcards and through null, and fails on a list', () => {
    const rows = [
      { id: 1, events: [{ at: { $date: Date.parse('2025-01-15T10:00:00Z') } }], t: null },
      { id: 2, events: [{ at: { $date: Date.parse('2025-01-14T10:00:00Z') } }], t: [1] },
    ];
    const count = (filters: unknown): unknown => filterList(rows, filters, { count: true });
    expect(count([['events.*.at.$date', '>', '2025-01-15']])).toBe(1);
    expect(count([['events.0.at.$date', '<', '2025-01-15']])).toBe(1);
    expect(count([['missing.$date', '!=', '2025-01-15']])).toBe(0);
    expect(() => count([['t.$date', '>', '2025-01-15']])).toThrow(
      "'>' not supported between instances of 'NoneType' and 'datetime.datetime'",
    );
    expect(() => filterList([rows[1]], [['t.$date', '>', '2025-01-15']], {})).toThrow(
      '$date: must be array index or wildcard character',
    );
  });

  it('accepts a raw number at the path as a datetime', () => {
    const rows = [{ t: 1736935200000 }];
    expect(filterList(rows, [['t.$date', '=', '2025-01-15T10:00']], { count: true })).toBe(1);
  });
});

describe('input rows are never mutated', () => {
  it('survives every option on frozen rows', () => {
    const deepFreeze = <V>(v: V): V => {
      if (typeof v === 'object' && v !== null) {
        Object.values(v).forEach(deepFreeze);
        Object.freeze(v);
      }
      return v;
    };
    const rows = deepFreeze(f5Rows());
    const before = structuredClone(rows);
    filterList(rows, [['credentials', 'C!=', 'x']], {
      select: [
        ['credentials_data.parent', 'credentials_data'],
        'credentials_data.username',
        'credentials_data.parent.credentials',
        'created_at',
        'id',
      ],
      order_by: ['nulls_first:-created_at', 'id'],
      offset: 1,
      limit: 3,
    });
    filterList(rows, [], { order_by: ['-created_at'] });
    expect(rows).toEqual(before);
  });
});
