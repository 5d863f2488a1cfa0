import type { Expr } from './ast';
import { QuerySyntaxError } from './errors';
import { parseExpression } from './parser';

/** The AST without positions, to compare shapes. */
function shape(expression: Expr): unknown {
  return JSON.parse(
    JSON.stringify(expression, (key, value: unknown) => (key === 'start' ? undefined : value)),
  );
}

function syntaxError(text: string): { message: string; position?: number; shown: string } {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      return { message: error.message, position: error.position, shown: error.format() };
    }
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

const name = (id: string) => ({ type: 'Name', id });
const constant = (value: unknown) => ({ type: 'Constant', value });
const compare = (left: unknown, op: string, right: unknown) => ({
  type: 'Compare',
  left,
  ops: [op],
  comparators: [right],
});

describe('parseExpression: structure', () => {
  it('builds Python ast nodes', () => {
    expect(shape(parseExpression("a.match('x')"))).toEqual({
      type: 'Call',
      func: { type: 'Attribute', value: name('a'), attr: 'match' },
      args: [constant('x')],
      keywords: [],
    });
    expect(shape(parseExpression('a not in [1, (2,), {3}]'))).toEqual(
      compare(name('a'), 'NotIn', {
        type: 'List',
        elts: [
          constant(1),
          { type: 'Tuple', elts: [constant(2)] },
          { type: 'Set', elts: [constant(3)] },
        ],
      }),
    );
    expect(shape(parseExpression('a is not None'))).toEqual(
      compare(name('a'), 'IsNot', constant(null)),
    );
    expect(shape(parseExpression('a < b <= c'))).toMatchObject({ ops: ['Lt', 'LtE'] });
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(shape(parseExpression('not a or b and c'))).toEqual({
      type: 'BoolOp',
      op: 'Or',
      values: [
        { type: 'UnaryOp', op: 'Not', operand: name('a') },
        { type: 'BoolOp', op: 'And', values: [name('b'), name('c')] },
      ],
    });
  });

  it('lets parentheses regroup, and keeps a flat chain flat', () => {
    expect(shape(parseExpression('(a or b) and c'))).toEqual({
      type: 'BoolOp',
      op: 'And',
      values: [{ type: 'BoolOp', op: 'Or', values: [name('a'), name('b')] }, name('c')],
    });
    expect(shape(parseExpression('a or b or c'))).toMatchObject({ values: [{}, {}, {}] });
  });

  it('binds unary minus to the attribute access, not the other way round', () => {
    expect(shape(parseExpression('-a.b'))).toEqual({
      type: 'UnaryOp',
      op: 'USub',
      operand: { type: 'Attribute', value: name('a'), attr: 'b' },
    });
  });
});

describe('parseExpression: literals', () => {
  it.each<[string, unknown]>([
    ['1', 1],
    ['1_000', 1000],
    ['0', 0],
    ['00', 0],
    ['1.5', 1.5],
    ['.5e3', 500],
    ['1.', 1],
    ['2E-2', 0.02],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['True', true],
    ['None', null],
    ["'single'", 'single'],
    ['"double"', 'double'],
    ["'it\\'s'", "it's"],
    ['"tab\\tnew\\nline"', 'tab\tnew\nline'],
    ["'\\x41\\u00e9\\U0001F600\\101'", 'Aé😀A'],
    ["'\\d+'", '\\d+'],
    ["r'\\d+\\''", "\\d+\\'"],
    ["'''tri'ple'''", "tri'ple"],
    ['"a" \'b\'', 'ab'],
    ["u'x'", 'x'],
  ])('%p is %p', (text, value) => {
    expect(shape(parseExpression(text))).toEqual(constant(value));
  });

  it('reads true/false/null as names (the translator maps them)', () => {
    expect(shape(parseExpression('null'))).toEqual(name('null'));
  });

  it('accepts comments, line continuations and newlines inside brackets', () => {
    expect(shape(parseExpression('a == [1,\n 2] # note'))).toEqual(
      compare(name('a'), 'Eq', { type: 'List', elts: [constant(1), constant(2)] }),
    );
    expect(shape(parseExpression('a == \\\n 1'))).toEqual(compare(name('a'), 'Eq', constant(1)));
  });
});

describe('parseExpression: syntax errors', () => {
  it.each<[string, string, number]>([
    ['a ==', 'invalid syntax', 4],
    ['a = 1', 'invalid syntax', 2],
    ['a === 1', 'invalid syntax', 4],
    ['a == 1 b == 2', 'invalid syntax', 7],
    ['a $ b', 'invalid syntax', 2],
    ['class == 1', 'invalid syntax', 0],
    ['a == [1 2]', 'invalid syntax. Perhaps you forgot a comma?', 6],
    ["'abc", 'unterminated string literal (detected at line 1)', 0],
    ["a == '''x", 'unterminated triple-quoted string literal (detected at line 1)', 5],
    ['(a == 1', "'(' was never closed", 0],
    ['a == 1)', "unmatched ')'", 6],
    ['(a == 1]', "closing parenthesis ']' does not match opening parenthesis '('", 7],
    ['a € b', "invalid character '€' (U+20AC)", 2],
    [
      'a == 012',
      'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
      5,
    ],
    ['a == 1abc', 'invalid decimal literal', 5],
    [
      "a == '\\x4'",
      "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
      9,
    ],
    ['a == 1 \\ x', 'unexpected character after line continuation character', 7],
    ["a == b'x'", 'bytes literals are not supported', 5],
    ["a == f'x'", 'f-strings are not supported', 5],
    ['a == 1j', 'imaginary numbers are not supported', 5],
    ['a.match(x=1, 2)', 'positional argument follows keyword argument', 13],
    ['a ==\n 1', 'invalid syntax', 4],
    ['', 'invalid syntax', 0],
  ])('%p: %p at %p', (text, message, position) => {
    expect(syntaxError(text)).toMatchObject({ message, position });
  });

  it('formats the caret under the position, as midcli prints Python syntax errors', () => {
    expect(syntaxError('a == 1 b == 2').shown).toBe('invalid syntax\n a == 1 b == 2\n        ^');
    expect(syntaxError('a ==').shown).toBe('invalid syntax\n a ==\n     ^');
    expect(syntaxError('[1,\n 2 3]').shown).toBe(
      'invalid syntax. Perhaps you forgot a comma?\n  2 3]\n  ^',
    );
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(syntaxError(`${'('.repeat(201)}a${')'.repeat(201)}`).message).toBe(
      'too many nested parentheses',
    );
    expect(syntaxError(`a == ${'-'.repeat(5000)}1`).message).toBe('expression too deeply nested');
  });
});
