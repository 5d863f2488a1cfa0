import { f5Rows } from '../../../test/fixtures/f5-rows';
import { filterList } from './filter-list';
import {
  MatchNotFoundError,
  QueryCallError,
  QueryError,
  QueryValidationError,
} from './query-error';

function errorOf(filters: unknown, options: unknown): QueryError {
  try {
    filterList(f5Rows(), filters, options);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error('expected a QueryError');
}

const TOO_DEEP = [['OR', [['OR', [['OR', [['OR', [['a', '=', 1]]]]]]]]]];

describe('REF §3.6 error table, MW-26 column', () => {
  it.each<[string, unknown, string]>([
    ['unknown operator', [['id', 'like', 'x']], 'Invalid operation: like'],
    ['AND node', [['AND', [['id', '=', 'x']]]], 'Invalid operation: AND'],
    ['NOT node', [['NOT', ['id', '=', 'x']]], 'Invalid operation: NOT'],
    ['length-2 leaf', [['id', '=']], 'Invalid operation: id'],
    ['OR without branches', [['OR', []]], 'OR filter requires at least one branch.'],
    ['length 4', [[1, 2, 3, 4]], 'Invalid filter [1, 2, 3, 4]'],
    ['length 1', [['id']], "Invalid filter ['id']"],
    ['C~', [['id', 'C~', 'x']], 'Invalid case-insensitive operation: C~'],
    ['OR nested four deep', TOO_DEEP, 'query-filters max recursion depth exceeded'],
    ['timestamp operator', [['created_at.$date', '~', 'x']], '~: invalid timestamp operation.'],
    [
      'timestamp value',
      [['created_at.$date', '>', '15/01/2025']],
      '15/01/2025: must be an ISO-8601 formatted timestamp string',
    ],
  ])('%s -> validation error at filters', (_name, filters, text) => {
    const error = errorOf(filters, {});
    expect(error).toBeInstanceOf(QueryValidationError);
    expect(error.message).toBe('Invalid params');
    expect((error as QueryValidationError).errors).toEqual([
      ['filters', `Value error, ${text}`, 22],
    ]);
  });

  it('limit > 10000 -> validation error at options.limit', () => {
    const error = errorOf([], { limit: 10001 });
    expect(error).toBeInstanceOf(QueryValidationError);
    expect((error as QueryValidationError).errors).toEqual([
      ['options.limit', 'Input should be less than or equal to 10000', 22],
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'select pair of the wrong length',
      { select: [['id']] },
      "['id']: A select as list may only contain two parameters: the name of the parameter " +
        'being selected, and the name to which to assign it in resulting data.',
    ],
    ['select pair, first item', { select: [[1, 'x']] }, "[1, 'x']: first item must be a string."],
    [
      'select pair, second item',
      { select: [['id', 2]] },
      "['id', 2]: second item must be a string.",
    ],
    [
      'get with limit > 1',
      { get: true, limit: 3 },
      'Invalid options combination. `get` implies a single result.',
    ],
    [
      'get with offset',
      { get: true, offset: 2 },
      'Invalid options combination. `get` implies a single result.',
    ],
  ])('%s -> call error', (_name, options, text) => {
    const error = errorOf([], options);
    expect(error).toBeInstanceOf(QueryCallError);
    expect(error).not.toBeInstanceOf(MatchNotFoundError);
    expect(error.message).toBe(text);
  });

  it('get with no match -> MatchNotFound()', () => {
    const error = errorOf([['id', '=', 'nope']], { get: true });
    expect(error).toBeInstanceOf(MatchNotFoundError);
    expect(error).toBeInstanceOf(QueryCallError);
    expect(error.message).toBe('MatchNotFound()');
  });

  it('path component on a list -> call error', () => {
    const rows = [{ l: [1] }];
    expect(() => filterList(rows, [['l.x', '=', 1]], {})).toThrow(
      new QueryCallError('x: must be array index or wildcard character'),
    );
  });
});
