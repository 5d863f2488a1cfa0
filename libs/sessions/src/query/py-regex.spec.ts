import { compilePythonRegex, matchesAtStart } from './py-regex';

const match = (pattern: string, s: string): boolean => {
  const compiled = compilePythonRegex(pattern);
  if (!compiled.ok) throw new Error(compiled.error);
  return matchesAtStart(compiled.regex, s);
};

describe('compilePythonRegex (re.match semantics)', () => {
  it('anchors at the start only', () => {
    expect(match('b', 'abc')).toBe(false);
    expect(match('a', 'abc')).toBe(true);
    expect(match('.*c', 'abc')).toBe(true);
  });

  it('translates Python syntax', () => {
    expect(match('(?i)abc', 'ABC')).toBe(true);
    expect(match('(?s)a.b', 'a\nb')).toBe(true);
    expect(match('a.b', 'a\nb')).toBe(false);
    expect(match('a.b', 'a\rb')).toBe(true);
    expect(match('(?m)a$\\nb$', 'a\nb')).toBe(true);
    expect(match('abc$', 'abc\n')).toBe(true);
    expect(match('abc\\Z', 'abc\n')).toBe(false);
    expect(match('\\Aab', 'ab')).toBe(true);
    expect(match('(?P<x>a)(?P=x)', 'aa')).toBe(true);
    expect(match('a(?#comment)b', 'ab')).toBe(true);
    expect(match('[]a]+', ']a]')).toBe(true);
    expect(match('[^]a]', 'b')).toBe(true);
    expect(match('[$.]', '$')).toBe(true);
  });

  it('is reusable: lastIndex is reset for each match', () => {
    const compiled = compilePythonRegex('a');
    if (!compiled.ok) throw new Error(compiled.error);
    expect(matchesAtStart(compiled.regex, 'a')).toBe(true);
    expect(matchesAtStart(compiled.regex, 'a')).toBe(true);
  });

  it('reports invalid patterns', () => {
    expect(compilePythonRegex('(')).toEqual({
      ok: false,
      error: "invalid regular expression '(': Unterminated group",
    });
    expect(compilePythonRegex('a(?i)b')).toEqual({
      ok: false,
      error: 'global flags not at the start of the expression at position 1',
    });
    expect(compilePythonRegex('(?x)a')).toMatchObject({ ok: false });
  });
});
