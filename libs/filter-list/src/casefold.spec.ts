import fc from 'fast-check';
import {
  casefoldString,
  casefoldValue,
  foldedEndsWith,
  foldedEquals,
  foldedIncludes,
  foldedStartsWith,
} from './casefold';

describe('casefold', () => {
  it.each([
    ['API_KEY', 'api_key'],
    ['Straße', 'strasse'],
    ['ẞ', 'ss'],
    ['ΟΔΟΣ', 'οδοσ'],
    ['ﬁ', 'fi'],
    ['µ', 'μ'],
    ['ſ', 's'],
    ['İ', 'i̇'],
    ['ı', 'ı'],
    ['K', 'k'],
  ])('%s -> %s (str.casefold)', (input, folded) => {
    expect(casefoldString(input)).toBe(folded);
  });

  it('folds lists element-wise and keeps null', () => {
    expect(casefoldValue(['A', 'b'])).toEqual(['a', 'b']);
    expect(casefoldValue(null)).toBeNull();
    expect(() => casefoldValue([1])).toThrow("'int' object has no attribute 'casefold'");
    expect(() => casefoldValue(1.5)).toThrow(
      "<class 'float'>: support for casefolding object type not implemented.",
    );
  });

  it('fast folded comparisons agree with folding first', () => {
    const samples = ['', 'a', 'ABC', 'aBc', 'abcd', 'Straße', 'STRASSE', 'xab', 'ss'];
    for (const x of samples) {
      for (const y of samples.map(casefoldString)) {
        const fx = casefoldString(x);
        expect(foldedEquals(x, y)).toBe(fx === y);
        expect(foldedStartsWith(x, y)).toBe(fx.startsWith(y));
        expect(foldedEndsWith(x, y)).toBe(fx.endsWith(y));
        expect(foldedIncludes(x, false, y, true)).toBe(fx.includes(y));
        expect(foldedIncludes(y, true, x, false)).toBe(y.includes(fx));
      }
    }
  });
});

describe('foldedIncludes', () => {
  const text = fc.string({
    unit: fc.constantFrom('a', 'B', 'c', 'S', 's', 'ß', 'ſ', 'K', 'k', 'İ', 'i', '-', '4'),
    maxLength: 12,
  });

  it('agrees with folding both sides then searching, whichever side is folded already', () => {
    fc.assert(
      fc.property(text, text, (haystack, needle) => {
        const h = casefoldString(haystack);
        const n = casefoldString(needle);
        expect(foldedIncludes(haystack, false, n, true)).toBe(h.includes(n));
        expect(foldedIncludes(h, true, needle, false)).toBe(h.includes(n));
        expect(foldedIncludes(haystack, false, needle, false)).toBe(h.includes(n));
      }),
      { numRuns: 2000 },
    );
  });
});
