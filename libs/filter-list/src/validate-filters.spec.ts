import { filterProblem, MAX_FILTERS_DEPTH } from './validate-filters';

const leaf = ['a', '=', 1];

function nestedOr(levels: number): unknown[] {
  let node: unknown[] = leaf;
  for (let i = 0; i < levels; i++) node = ['OR', [node, ['b', '=', 2]]];
  return [node];
}

describe('filterProblem (MW-26 validate_filters)', () => {
  it('accepts leaves, implicit AND and both OR branch spellings', () => {
    expect(filterProblem([])).toBeUndefined();
    expect(filterProblem([leaf, ['b', 'C!^', 'x']])).toBeUndefined();
    expect(filterProblem([['OR', [leaf, ['a', '=', 2]]]])).toBeUndefined();
    expect(filterProblem([['OR', [[leaf], [['a', '=', 2]]]]])).toBeUndefined();
  });

  it.each([
    [[['id', 'like', 'x']], 'Invalid operation: like'],
    [[['id', 'C', 'x']], 'Invalid operation: C'],
    [[['id', 'CC=', 'x']], 'Invalid operation: CC='],
    [[['id', 5, 'x']], 'Invalid operation: 5'],
    [[['id', null, 'x']], 'Invalid operation: None'],
  ])('unknown operator %j', (filters, message) => {
    expect(filterProblem(filters)).toBe(message);
  });

  it.each([
    [[['AND', [leaf]]], 'Invalid operation: AND'],
    [[['NOT', leaf]], 'Invalid operation: NOT'],
    [[['id', '=']], 'Invalid operation: id'],
    [[[leaf, leaf]], "Invalid operation: ['a', '=', 1]"],
  ])('length-2 node not starting with OR %j', (filters, message) => {
    expect(filterProblem(filters)).toBe(message);
  });

  it('OR without branches', () => {
    expect(filterProblem([['OR', []]])).toBe('OR filter requires at least one branch.');
    expect(filterProblem([['OR', null]])).toBe('OR filter requires at least one branch.');
  });

  it.each([
    [[[1, 2, 3, 4]], 'Invalid filter [1, 2, 3, 4]'],
    [[['a']], "Invalid filter ['a']"],
    [[[]], 'Invalid filter []'],
    [[['a', '=', 1, "it's"]], `Invalid filter ['a', '=', 1, "it's"]`],
    [
      [['x', '=', { k: [true, null, 1.5] }, 0]],
      "Invalid filter ['x', '=', {'k': [True, None, 1.5]}, 0]",
    ],
    [['abc'], 'Invalid filter abc'],
    [[7], 'Invalid filter 7'],
    [[['OR', [[]]]], 'Invalid filter []'],
  ])('condition of another length %j', (filters, message) => {
    expect(filterProblem(filters)).toBe(message);
  });

  it('rejects C~ only', () => {
    expect(filterProblem([['a', 'C~', 'x']])).toBe('Invalid case-insensitive operation: C~');
    expect(filterProblem([['a', '~', 'x']])).toBeUndefined();
  });

  it('accepts three levels of OR and rejects a fourth', () => {
    expect(MAX_FILTERS_DEPTH).toBe(3);
    expect(filterProblem(nestedOr(3))).toBeUndefined();
    expect(filterProblem(nestedOr(4))).toBe('query-filters max recursion depth exceeded');
    const andGroups = [['OR', [[['OR', [[['OR', [[['OR', [[leaf]]]]]]]]]]]]];
    expect(filterProblem(andGroups)).toBe('query-filters max recursion depth exceeded');
  });

  it('checks timestamp operators and values', () => {
    expect(filterProblem([['created_at.$date', '>=', '2025-01-15T09:30:00']])).toBeUndefined();
    expect(filterProblem([['created_at.$date', 'C=', '2025-01-15']])).toBeUndefined();
    expect(filterProblem([['created_at.$date', '^', '2025']])).toBe(
      '^: invalid timestamp operation.',
    );
    expect(filterProblem([['created_at.$date', 'C^', '2025']])).toBe(
      '^: invalid timestamp operation.',
    );
    expect(filterProblem([['created_at.$date', 'in', ['2025-01-15']]])).toBe(
      'in: invalid timestamp operation.',
    );
    expect(filterProblem([['created_at.$date', '>', 'yesterday']])).toBe(
      'yesterday: must be an ISO-8601 formatted timestamp string',
    );
    expect(filterProblem([['created_at.$date', '>', 1736935200000]])).toBe(
      '1736935200000: must be an ISO-8601 formatted timestamp string',
    );
    expect(filterProblem([['created_at.$date', '=', null]])).toBe(
      'None: must be an ISO-8601 formatted timestamp string',
    );
    expect(filterProblem([['created_at.$date', '<', { $date: 1 }]])).toContain(
      'must be an ISO-8601 formatted timestamp string',
    );
  });

  it('checks a .$date value the other way round', () => {
    expect(filterProblem([['2025-01-15', '<', 'created_at.$date']])).toBeUndefined();
    expect(filterProblem([['id', '<', 'created_at.$date']])).toBe(
      'id: must be an ISO-8601 formatted timestamp string',
    );
  });

  it('checks the operator before the timestamp and stops at the first problem', () => {
    expect(filterProblem([['created_at.$date', 'like', 'x']])).toBe('Invalid operation: like');
    expect(
      filterProblem([
        ['a', 'bad1', 1],
        ['b', 'bad2', 1],
      ]),
    ).toBe('Invalid operation: bad1');
  });

  it('validates inside OR branches', () => {
    expect(filterProblem([['OR', [leaf, ['a', 'like', 1]]]])).toBe('Invalid operation: like');
    expect(filterProblem([['OR', [[leaf, [1, 2]]]]])).toBe('Invalid operation: 1');
  });
});
