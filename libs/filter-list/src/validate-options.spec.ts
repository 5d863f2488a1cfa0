import { QueryCallError } from './query-error';
import {
  checkOptionCombination,
  DEFAULT_OPTIONS,
  parseOptions,
  type NormalizedOptions,
} from './validate-options';
import { validateQuery } from './validate-query';

const opts = (o: Partial<NormalizedOptions>): NormalizedOptions => ({ ...DEFAULT_OPTIONS, ...o });

describe('parseOptions / validateQuery (strict pydantic QueryOptions)', () => {
  it('fills defaults and normalizes valid options', () => {
    const issues: [string, string, number][] = [];
    expect(parseOptions(undefined, issues)).toEqual(DEFAULT_OPTIONS);
    expect(
      parseOptions(
        {
          select: ['id', ['a', 'b']],
          order_by: ['-id'],
          offset: 2,
          limit: 10000,
          count: false,
          get: true,
          extra: { x: 1 },
          force_sql_filters: true,
        },
        issues,
      ),
    ).toEqual({
      select: ['id', ['a', 'b']],
      orderBy: ['-id'],
      offset: 2,
      limit: 10000,
      count: false,
      get: true,
    });
    expect(issues).toEqual([]);
  });

  it('returns [] for a valid query', () => {
    expect(validateQuery([['a', '=', 1]], { limit: 5 })).toEqual([]);
    expect(validateQuery(undefined, undefined)).toEqual([]);
  });

  it.each([
    [{ limit: 10001 }, 'options.limit', 'Input should be less than or equal to 10000'],
    [{ limit: -1 }, 'options.limit', 'Input should be greater than or equal to 0'],
    [{ limit: 1.5 }, 'options.limit', 'Input should be a valid integer'],
    [{ limit: '5' }, 'options.limit', 'Input should be a valid integer'],
    [{ limit: true }, 'options.limit', 'Input should be a valid integer'],
    [{ offset: -1 }, 'options.offset', 'Input should be greater than or equal to 0'],
    [{ offset: null }, 'options.offset', 'Input should be a valid integer'],
    [{ count: 1 }, 'options.count', 'Input should be a valid boolean'],
    [{ get: 'true' }, 'options.get', 'Input should be a valid boolean'],
    [{ force_sql_filters: 0 }, 'options.force_sql_filters', 'Input should be a valid boolean'],
    [{ select: 'id' }, 'options.select', 'Input should be a valid list'],
    [{ order_by: 'id' }, 'options.order_by', 'Input should be a valid list'],
    [{ order_by: ['id', 3] }, 'options.order_by.1', 'Input should be a valid string'],
    [
      { order_by: ['x'.repeat(1025)] },
      'options.order_by.0',
      'String should have at most 1024 characters',
    ],
    [{ extra: [] }, 'options.extra', 'Input should be a valid dictionary'],
    [{ bogus: 1 }, 'options.bogus', 'Extra inputs are not permitted'],
    [{ relationships: true }, 'options.relationships', 'Extra inputs are not permitted'],
  ])('%j -> %s: %s', (options, attribute, message) => {
    expect(validateQuery([], options)).toEqual([[attribute, message, 22]]);
  });

  it('reports both union members for a bad select item', () => {
    expect(validateQuery([], { select: ['id', 5] })).toEqual([
      ['options.select.1.str', 'Input should be a valid string', 22],
      ['options.select.1.list[any]', 'Input should be a valid list', 22],
    ]);
  });

  it('rejects options that are not an object and filters that are not a list', () => {
    const model = 'Input should be a valid dictionary or instance of QueryOptions';
    expect(validateQuery([], null)).toEqual([['options', model, 22]]);
    expect(validateQuery([], [])).toEqual([['options', model, 22]]);
    expect(validateQuery({}, {})).toEqual([['filters', 'Input should be a valid list', 22]]);
    expect(validateQuery(null, {})).toEqual([['filters', 'Input should be a valid list', 22]]);
  });

  it('collects filter errors first, then option fields in model order, then extra keys', () => {
    expect(validateQuery([['a', 'like', 1]], { zzz: 1, limit: -1, count: 'x' })).toEqual([
      ['filters', 'Value error, Invalid operation: like', 22],
      ['options.count', 'Input should be a valid boolean', 22],
      ['options.limit', 'Input should be greater than or equal to 0', 22],
      ['options.zzz', 'Extra inputs are not permitted', 22],
    ]);
  });

  it('does not treat inherited names as options', () => {
    expect(validateQuery([], JSON.parse('{"__proto__": {"limit": 1}}'))).toEqual([
      ['options.__proto__', 'Extra inputs are not permitted', 22],
    ]);
  });
});

describe('checkOptionCombination (MW-26 validate_options, call errors)', () => {
  const combo = 'Invalid options combination. `get` implies a single result.';

  it('allows get with limit 0 or 1 and no offset', () => {
    expect(() => checkOptionCombination(opts({ get: true, limit: 1 }))).not.toThrow();
    expect(() => checkOptionCombination(opts({ get: true }))).not.toThrow();
    expect(() => checkOptionCombination(opts({ limit: 5, offset: 3 }))).not.toThrow();
  });

  it('rejects get with limit > 1 or an offset', () => {
    expect(() => checkOptionCombination(opts({ get: true, limit: 2 }))).toThrow(
      new QueryCallError(combo),
    );
    expect(() => checkOptionCombination(opts({ get: true, offset: 1 }))).toThrow(
      new QueryCallError(combo),
    );
  });

  it('rejects select pairs of the wrong length', () => {
    expect(() => checkOptionCombination(opts({ select: [['a', 'b', 'c']] }))).toThrow(
      "['a', 'b', 'c']: A select as list may only contain two parameters: the name of the " +
        'parameter being selected, and the name to which to assign it in resulting data.',
    );
    expect(() => checkOptionCombination(opts({ select: [[]] }))).toThrow(
      '[]: A select as list may only contain two parameters',
    );
  });

  it('rejects select pairs with a non-string item', () => {
    expect(() => checkOptionCombination(opts({ select: [[1, 'b']] }))).toThrow(
      "[1, 'b']: first item must be a string.",
    );
    expect(() => checkOptionCombination(opts({ select: [['a', null]] }))).toThrow(
      "['a', None]: second item must be a string.",
    );
  });
});
