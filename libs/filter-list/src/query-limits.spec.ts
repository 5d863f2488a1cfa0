import { compileQuery } from './compile-query';
import { filterList } from './filter-list';
import { QueryValidationError } from './query-error';
import { DEFAULT_QUERY_LIMITS, nestsDeeperThan, type QueryLimits } from './query-limits';

const rows = [{ id: 1, username: 'alice', origin: '10.0.0.1:5000', credentials_data: {} }];

function refusal(filters: unknown, options: unknown = {}, limits?: QueryLimits): unknown[] {
  try {
    filterList(rows, filters, options, limits);
  } catch (e) {
    if (e instanceof QueryValidationError) return e.errors;
    throw e;
  }
  throw new Error('the query was accepted');
}

const nested = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

const L = DEFAULT_QUERY_LIMITS;

describe('query limits', () => {
  it('refuses filters nested 5,000 (or 500,000) deep without recursing', () => {
    for (const depth of [5_000, 500_000]) {
      expect(refusal(nested(depth, ['id', '=', 1]))).toEqual([
        [
          'filters',
          `Value error, filters are nested too deeply (query limit maxDepth = ${L.maxDepth})`,
          22,
        ],
      ]);
    }
  });

  it('refuses deep lists as values of in, and deep select pairs', () => {
    expect(refusal([['id', 'in', nested(5_000, 1)]])[0]).toEqual(
      expect.arrayContaining(['filters']),
    );
    expect(refusal([], { select: [nested(5_000, 'id')] })).toEqual([
      ['options', `options are nested too deeply (query limit maxDepth = ${L.maxDepth})`, 22],
    ]);
    expect(refusal([], { order_by: nested(100_000, 'id') })[0]).toEqual(
      expect.arrayContaining(['options']),
    );
  });

  it('counts leaves and OR branches as conditions', () => {
    const many = Array.from({ length: 70_000 }, () => ['id', '!=', 0]);
    const text = `Value error, more than ${L.maxConditions} conditions (every leaf and every OR counts) (query limit maxConditions = ${L.maxConditions})`;
    expect(refusal(many)).toEqual([['filters', text, 22]]);
    const branches = Array.from({ length: 50_000 }, (_, i) => ['id', '=', i]);
    expect(refusal([['OR', branches]])).toEqual([['filters', text, 22]]);
    const atLimit = Array.from({ length: L.maxConditions }, () => ['id', '!=', 0]);
    expect(filterList(rows, atLimit, { count: true })).toBe(1);
  });

  it('bounds patterns, strings, lists and paths in filters', () => {
    const long = 'a'.repeat(100_000);
    expect(refusal([['username', '~', long]])).toEqual([
      [
        'filters',
        `Value error, a regular expression of 100000 characters is too long (query limit maxPatternLength = ${L.maxPatternLength})`,
        22,
      ],
    ]);
    expect(refusal([['username', 'Cin', 'x'.repeat(1 << 20)]])).toEqual([
      [
        'filters',
        `Value error, a string of 1048576 characters is too long (query limit maxStringLength = ${L.maxStringLength})`,
        22,
      ],
    ]);
    const list = Array.from({ length: 5_000 }, (_, i) => `u${i}`);
    expect(refusal([['username', 'in', list]])).toEqual([
      [
        'filters',
        `Value error, a list of 5000 items is too long (query limit maxListLength = ${L.maxListLength})`,
        22,
      ],
    ]);
    const deepPath = Array.from({ length: 40 }, () => 'a').join('.');
    expect(refusal([[deepPath, '=', 1]])).toEqual([
      [
        'filters',
        `Value error, the field path of 40 components is too deep (query limit maxPathDepth = ${L.maxPathDepth})`,
        22,
      ],
    ]);
  });

  it('bounds the regular expressions of one query together', () => {
    const big = '(?:a|b){1000}';
    expect(refusal([['username', '~', big]])).toEqual([
      [
        'filters',
        expect.stringMatching(
          /^Value error, the regular expressions are too large together \(size \d+ or more\) \(query limit maxRegexSize = \d+\)$/,
        ),
        22,
      ],
    ]);
    const small = Array.from({ length: 20 }, () => ['username', '~', 'a.*']);
    expect(filterList(rows, small, { count: true })).toBe(1);
  });

  it('bounds order_by keys, select paths and their depth', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    expect(refusal([], { order_by: keys })).toEqual([
      [
        'options.order_by',
        `10000 keys are too many (query limit maxOrderBy = ${L.maxOrderBy})`,
        22,
      ],
    ]);
    const paths = Array.from({ length: 1_000 }, (_, i) => `a${i}.b.c`);
    expect(refusal([], { select: paths })).toEqual([
      ['options.select', `1000 paths are too many (query limit maxSelect = ${L.maxSelect})`, 22],
    ]);
    const deep = Array.from({ length: 500 }, () => 'a').join('.');
    expect(refusal([], { select: ['id', deep], order_by: [`nulls_first:-${deep}`] })).toEqual([
      [
        'options.order_by.0',
        `the field path of 500 components is too deep (query limit maxPathDepth = ${L.maxPathDepth})`,
        22,
      ],
      [
        'options.select.1',
        `the field path of 500 components is too deep (query limit maxPathDepth = ${L.maxPathDepth})`,
        22,
      ],
    ]);
  });

  it("keeps TrueNAS's validation errors first and unchanged", () => {
    expect(refusal([['id', '==', 1]])).toEqual([
      ['filters', 'Value error, Invalid operation: ==', 22],
    ]);
    expect(refusal([], { limit: 10_001 })).toEqual([
      ['options.limit', 'Input should be less than or equal to 10000', 22],
    ]);
  });

  it('takes other limits', () => {
    const limits: QueryLimits = { ...L, maxConditions: 2, maxOrderBy: 1 };
    expect(
      refusal(
        [
          ['id', '=', 1],
          ['id', '=', 1],
          ['id', '=', 1],
        ],
        {},
        limits,
      )[0],
    ).toEqual(expect.arrayContaining([expect.stringContaining('maxConditions = 2')]));
    expect(() => compileQuery([], { order_by: ['id', 'username'] }, limits)).toThrow(
      QueryValidationError,
    );
  });
});

describe('nestsDeeperThan', () => {
  it('measures lists and objects, scalars being 0', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan([], 0)).toBe(true);
    expect(nestsDeeperThan([[1]], 2)).toBe(false);
    expect(nestsDeeperThan([{ a: [1] }], 2)).toBe(true);
    expect(nestsDeeperThan(nested(200_000, 1), 10)).toBe(true);
  });
});
