import { QuerySyntaxError } from './errors';
import { parseExpression } from './parser';
import { toFilters } from './to-filters';

function filters(text: string): unknown[] {
  return toFilters(parseExpression(text));
}

function failure(text: string): string {
  try {
    filters(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error.format();
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

describe('toFilters: the REF §4.2 table', () => {
  it.each<[string, unknown[]]>([
    ['a == 1', ['a', '=', 1]],
    ['a != 1', ['a', '!=', 1]],
    ['a > 1', ['a', '>', 1]],
    ['a >= 1', ['a', '>=', 1]],
    ['a < 1', ['a', '<', 1]],
    ['a <= 1', ['a', '<=', 1]],
    ["a in ['x', 'y']", ['a', 'in', ['x', 'y']]],
    ["a in ('x', 'y')", ['a', 'in', ['x', 'y']]],
    ["a in {'x'}", ['a', 'in', ['x']]],
    ["a not in ['x']", ['a', 'nin', ['x']]],
    ["'s' in a", ['a', 'rin', 's']],
    ["'s' not in a", ['a', 'rnin', 's']],
    ["a.match('^re')", ['a', '~', '^re']],
    ["a.startswith('s')", ['a', '^', 's']],
    ["a.endswith('s')", ['a', '$', 's']],
  ])('%p is %p', (text, filter) => {
    expect(filters(text)).toEqual([filter]);
  });

  it('x or y is an OR node; chains and nested ORs are flattened', () => {
    expect(filters('a == 1 or b == 2')).toEqual([
      [
        'OR',
        [
          ['a', '=', 1],
          ['b', '=', 2],
        ],
      ],
    ]);
    expect(filters('a == 1 or (b == 2 or c == 3)')).toEqual(filters('a == 1 or b == 2 or c == 3'));
    expect((filters('a == 1 or b == 2 or c == 3')[0] as unknown[])[1]).toHaveLength(3);
  });

  it('x and y at the top level is the implicit-AND list (deviation: midcli sends AND)', () => {
    expect(filters('a == 1 and b == 2 and (c == 3 and d == 4)')).toEqual([
      ['a', '=', 1],
      ['b', '=', 2],
      ['c', '=', 3],
      ['d', '=', 4],
    ]);
  });

  it('an and inside an or branch is an AND group (REF §6 case 12 shape)', () => {
    expect(filters("internal == false and credentials == 'API_KEY' or current == true")).toEqual([
      [
        'OR',
        [
          [
            ['internal', '=', false],
            ['credentials', '=', 'API_KEY'],
          ],
          ['current', '=', true],
        ],
      ],
    ]);
  });

  it('an or inside an and stays one condition of the implicit AND', () => {
    expect(filters('a == 1 and (b == 2 or c == 3)')).toEqual([
      ['a', '=', 1],
      [
        'OR',
        [
          ['b', '=', 2],
          ['c', '=', 3],
        ],
      ],
    ]);
  });

  it.each<[string, unknown]>([
    ['a == true', true],
    ['a == false', false],
    ['a == null', null],
    ['a == True', true],
    ['a == False', false],
    ['a == None', null],
    ['a == -3', -3],
    ['a == +2.5', 2.5],
    ['a == [1, -1.5, "x", null, (True,)]', [1, -1.5, 'x', null, [true]]],
  ])('value of %p is %p', (text, value) => {
    expect(filters(text)).toEqual([['a', '=', value]]);
  });
});

describe('toFilters: errors', () => {
  it.each<[string, string]>([
    ['internal', 'Unsupported filter expression: Name'],
    ["credentials_data.username == 'root'", 'Unsupported left operand Attribute'],
    ['a is None', 'Unsupported comparison operator: Is'],
    ['a is not None', 'Unsupported comparison operator: IsNot'],
    ['not a == 1', 'Unsupported filter expression: UnaryOp'],
    ['-a', 'Unknown unary expression USub'],
    ['a < b < c', 'Unsupported chained comparison (expected 1 comparator, found 2)'],
    ['a == b', 'Unsupported right operand Name'],
    ['a == {}', 'Unsupported right operand Dict'],
    ['a == -True', 'Unsupported right operand UnaryOp'],
    ["'x' in [1]", 'Unsupported right operand for `x in`'],
    ['None not in (1,)', 'Unsupported right operand for `None nin`'],
    ['1 == a', 'Unsupported left operand Constant'],
    ['a.foo(1)', "Unknown function name 'foo'"],
    ['a.match(1, 2)', 'Function match accepts 1 argument, given 2'],
    ['a.match(1, flags=2)', 'Function match does not accept keyword arguments'],
    ['a.b.match(1)', 'Unsupported callee Attribute'],
    ['f(1)', 'Unsupported callee type: Name'],
    ['a == 1, b == 2', 'Unsupported filter expression: Tuple'],
    ['(a == 1) or 1', 'Unsupported filter expression: Constant'],
  ])('%p fails with %p', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});
