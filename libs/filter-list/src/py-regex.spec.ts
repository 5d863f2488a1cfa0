import { compilePythonRegex, translatePythonRegex } from './py-regex';
import { pyRepr } from './py-repr';

const match = (pattern: string, s: string): boolean => {
  const compiled = compilePythonRegex(pattern);
  if (compiled.kind !== 'ok') throw new Error(compiled.error);
  return compiled.test(s);
};

describe('compilePythonRegex (re.match semantics)', () => {
  it('anchors at the start only', () => {
    expect(match('b', 'abc')).toBe(false);
    expect(match('a', 'abc')).toBe(true);
    expect(match('.*c', 'abc')).toBe(true);
    expect(match('x|a', 'abc')).toBe(true);
  });

  it('translates Python syntax', () => {
    expect(match('(?i)abc', 'ABC')).toBe(true);
    expect(match('(?s)a.b', 'a\nb')).toBe(true);
    expect(match('a.b', 'a\nb')).toBe(false);
    expect(match('a.b', 'a\rb')).toBe(true);
    expect(match('(?m)a$\\nb$', 'a\nb')).toBe(true);
    expect(match('abc$', 'abc\n')).toBe(true);
    expect(match('abc$', 'abc\n\n')).toBe(false);
    expect(match('abc\\Z', 'abc\n')).toBe(false);
    expect(match('\\Aab', 'ab')).toBe(true);
    expect(match('a(?#comment)b', 'ab')).toBe(true);
    expect(match('[]a]+', ']a]')).toBe(true);
    expect(match('[^]a]', 'b')).toBe(true);
    expect(match('[$.]', '$')).toBe(true);
    expect(match('(?P<x>a)b', 'ab')).toBe(true);
    expect(match('a{,2}b', 'aab')).toBe(true);
    expect(match('a{}', 'a{}')).toBe(true);
  });

  it('keeps Unicode classes and case folding as Python has them', () => {
    expect(match('\\w+$', 'élan')).toBe(true);
    expect(match('(?a)\\w+$', 'élan')).toBe(false);
    expect(match('\\d', '٣')).toBe(true);
    expect(match('\\s', '\u3000')).toBe(true);
    expect(match('(?i)i', 'İ')).toBe(true);
    expect(match('(?ai)k', '\u212a')).toBe(false);
    expect(match('(?i)k', '\u212a')).toBe(true);
    expect(match('\\B', '')).toBe(false);
  });

  it('is reusable', () => {
    const compiled = compilePythonRegex('a');
    if (compiled.kind !== 'ok') throw new Error(compiled.error);
    expect(compiled.test('a')).toBe(true);
    expect(compiled.test('a')).toBe(true);
  });

  it("reports invalid patterns with Python's reasons", () => {
    expect(compilePythonRegex('(')).toEqual({
      kind: 'invalid',
      error: "invalid regular expression '(': missing ), unterminated subpattern at position 0",
    });
    expect(compilePythonRegex('a(?i)b')).toEqual({
      kind: 'invalid',
      error:
        "invalid regular expression 'a(?i)b': global flags not at the start of the expression at position 1",
    });
    expect(compilePythonRegex('a**')).toMatchObject({
      error: expect.stringContaining('multiple repeat'),
    });
    expect(compilePythonRegex('[z-a]')).toMatchObject({ kind: 'invalid' });
    expect(compilePythonRegex('\\q')).toMatchObject({ kind: 'invalid' });
  });

  it.each([
    ['(a)\\1', 'backreferences are not supported'],
    ['(?P<x>a)(?P=x)', 'backreferences are not supported'],
    ['(?=a)', 'lookahead assertions are not supported'],
    ['(?!a)', 'lookahead assertions are not supported'],
    ['(?<=a)b', 'lookbehind assertions are not supported'],
    ['(?<!a)b', 'lookbehind assertions are not supported'],
    ['(a)(?(1)b|c)', 'conditional groups are not supported'],
    ['(?>a)', 'atomic groups are not supported'],
    ['a*+', 'possessive quantifiers are not supported'],
    ['a{2000}', 'repetition counts above 1000 are not supported'],
    ['(?:a{100}){100}', 'repetition counts above 1000 are not supported (nested counts multiply)'],
    ['(?x)a b', 'the verbose flag (?x) is not supported'],
    ['a$b', "'$' followed by more of the pattern (without the m flag) is not supported"],
  ])('refuses %j by name', (pattern, construct) => {
    const compiled = compilePythonRegex(pattern);
    expect(compiled).toEqual({
      kind: 'unsupported',
      error: `regular expression ${pyRepr(pattern)}: ${construct} (patterns run in linear time)`,
    });
  });

  it('estimates the program size with counted repetitions expanded', () => {
    expect(translatePythonRegex('abc').size).toBe(3);
    expect(translatePythonRegex('(?:ab){10}').size).toBeGreaterThan(20);
  });
});

describe('hostile patterns run in linear time', () => {
  const HOSTILE = [
    '(.*.*)*x',
    '(a+)+$',
    '.*.*.*x',
    '(a|aa)+$',
    '(a*)*b',
    'a*a*a*a*a*b',
    '(\\w+\\s?)*$',
    '(?i)(A+)+$',
  ];

  it('evaluates every shape over 100 values of 5,000 a and a ! quickly', () => {
    const values = Array.from({ length: 100 }, (_, i) => 'a'.repeat(5_000 - i) + '!');
    const tests = HOSTILE.map((p) => {
      const compiled = compilePythonRegex(p);
      if (compiled.kind !== 'ok') throw new Error(compiled.error);
      return compiled.test;
    });
    const started = performance.now();
    let matched = 0;
    for (const test of tests) for (const v of values) if (test(v)) matched++;
    const elapsed = performance.now() - started;
    expect(matched).toBe(0);
    expect(elapsed).toBeLessThan(2_000);
  });
});
