import { pyLess } from './py-compare';
import { pySorted } from './py-sort';

const sorted = (keys: unknown[], reverse = false): unknown[] =>
  pySorted(keys, keys, pyLess, reverse);
const typeError = (keys: unknown[], reverse = false): string => {
  try {
    sorted(keys, reverse);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a TypeError');
};

describe('pySorted (CPython list.sort)', () => {
  it('sorts numbers, strings and lists like Python', () => {
    expect(sorted([3, 1, 2])).toEqual([1, 2, 3]);
    expect(sorted(['b', 'B', 'a', 'ä'])).toEqual(['B', 'a', 'b', 'ä']);
    expect(sorted([[1, 2], [1], [0, 9]])).toEqual([[0, 9], [1], [1, 2]]);
    expect(sorted([3, 1, 2], true)).toEqual([3, 2, 1]);
    expect(sorted([])).toEqual([]);
    expect(sorted([null])).toEqual([null]);
  });

  it('is stable, also when reversed', () => {
    const rows = [
      { k: 1, n: 'a' },
      { k: 0, n: 'b' },
      { k: 1, n: 'c' },
      { k: 0, n: 'd' },
    ];
    const keys = rows.map((r) => r.k);
    expect(pySorted(rows, keys, pyLess, false).map((r) => r.n)).toEqual(['b', 'd', 'a', 'c']);
    expect(pySorted(rows, keys, pyLess, true).map((r) => r.n)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('raises the TypeError of the first comparison CPython makes', () => {
    expect(typeError([null, 'a'])).toBe(
      "'<' not supported between instances of 'str' and 'NoneType'",
    );
    expect(typeError(['a', null])).toBe(
      "'<' not supported between instances of 'NoneType' and 'str'",
    );
    expect(typeError([null, null])).toBe(
      "'<' not supported between instances of 'NoneType' and 'NoneType'",
    );
    expect(typeError([1, 2, null])).toBe(
      "'<' not supported between instances of 'NoneType' and 'int'",
    );
    expect(typeError([3, 1, 'a'])).toBe("'<' not supported between instances of 'str' and 'int'");
    expect(typeError([null, 'a'], true)).toBe(
      "'<' not supported between instances of 'NoneType' and 'str'",
    );
    expect(typeError([{}, {}])).toBe("'<' not supported between instances of 'dict' and 'dict'");
  });

  it('matches a stable sort on long inputs with many runs and duplicates', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (const n of [63, 64, 65, 200, 1000, 5000]) {
      const values = Array.from({ length: n }, (_, i) => ({ k: next() % 50, i }));
      const keys = values.map((v) => v.k);
      const expected = values.slice().sort((a, b) => a.k - b.k);
      expect(pySorted(values, keys, pyLess, false)).toEqual(expected);
      const expectedDesc = values.slice().sort((a, b) => b.k - a.k);
      expect(pySorted(values, keys, pyLess, true)).toEqual(expectedDesc);
    }
  });

  it('handles descending runs with equal elements', () => {
    const values = [5, 5, 4, 4, 4, 3, 9, 1, 1, 0].map((k, i) => ({ k, i }));
    const keys = values.map((v) => v.k);
    expect(pySorted(values, keys, pyLess, false)).toEqual(values.slice().sort((a, b) => a.k - b.k));
  });
});
