import fc from 'fast-check';
import {
  compilePathGet,
  getPath,
  parsePath,
  PARTITION_ERROR,
  testPath,
  topLevel,
} from './field-path';
import { filterList } from './filter-list';
import { QueryCallError } from './query-error';

const keys = (path: string): string[] => parsePath(path).components.map((c) => c.key);
const value = (root: unknown, path: string): unknown => {
  let seen: unknown = 'MISSING';
  testPath(root, parsePath(path), 0, (x) => {
    seen = x;
    return true;
  });
  return seen;
};

describe('parsePath', () => {
  it('splits on dots with \\. as a literal dot', () => {
    expect(keys('credentials_data.api_key.name')).toEqual(['credentials_data', 'api_key', 'name']);
    expect(keys('a\\.b.c')).toEqual(['a.b', 'c']);
    expect(keys('a\\.b\\.c')).toEqual(['a.b.c']);
    expect(keys('a.')).toEqual(['a']);
    expect(keys('')).toEqual([]);
  });

  it('marks numeric indexes and the wildcard', () => {
    const [a, zero, star] = parsePath('a.0.*').components;
    expect([a.index, zero.index, star.index]).toEqual([-1, 0, -1]);
    expect([a.wildcard, zero.wildcard, star.wildcard]).toEqual([false, false, true]);
  });

  it('records where MW-26 partition() fails on an empty component', () => {
    expect(parsePath('a..b').errorAt).toBe(1);
    expect(parsePath('.a').errorAt).toBe(0);
    expect(parsePath('a.b').errorAt).toBe(-1);
  });
});

describe('testPath', () => {
  const row = {
    a: { b: [10, 20], 'x.y': 'dot', n: null },
    list: [{ k: 'one' }, { k: 'two' }, { j: 'three' }],
    s: 'UNIX socket',
    d: { $date: 5 },
    constructor: 'own',
  };

  it('walks dicts and list indexes; past the end is null', () => {
    expect(value(row, 'a.b.1')).toBe(20);
    expect(value(row, 'a.b.5')).toBeNull();
    expect(value(row, 'a.x\\.y')).toBe('dot');
    expect(value(row, 'a.n')).toBeNull();
    expect(value(row, '')).toBe(row);
  });

  it('is false for a missing key whatever the test', () => {
    expect(testPath(row, parsePath('a.zzz'), 0, () => true)).toBe(false);
    expect(testPath(row, parsePath('zzz.b'), 0, () => true)).toBe(false);
    expect(testPath({}, parsePath('toString'), 0, () => true)).toBe(false);
    expect(value(row, 'constructor')).toBe('own');
  });

  it('ignores the rest of the path after a scalar or a datetime', () => {
    expect(value(row, 's.anything.at.all')).toBe('UNIX socket');
    expect(value(row, 'a.n.deeper')).toBeNull();
    expect(value(row, 'd.$date')).toEqual({ $date: 5 });
  });

  it('* matches when any element matches', () => {
    const path = parsePath('list.*.k');
    expect(testPath(row, path, 0, (x) => x === 'two')).toBe(true);
    expect(testPath(row, path, 0, (x) => x === 'three')).toBe(false);
    expect(testPath(row, parsePath('a.b.*'), 0, (x) => x === 10)).toBe(true);
    expect(testPath({ l: [] }, parsePath('l.*'), 0, () => true)).toBe(false);
  });

  it('fails on any other component applied to a list', () => {
    expect(() => testPath(row, parsePath('list.k'), 0, () => true)).toThrow(
      new QueryCallError('k: must be array index or wildcard character'),
    );
    expect(() => testPath(row, parsePath('list.-1'), 0, () => true)).toThrow(
      '-1: must be array index or wildcard character',
    );
  });

  it('fails like partition() on an empty component once reached', () => {
    expect(() => testPath(row, parsePath('a..b'), 0, () => true)).toThrow(PARTITION_ERROR);
    expect(() => testPath(row, parsePath('zzz..b'), 0, () => true)).toThrow(PARTITION_ERROR);
  });
});

describe('getPath and topLevel', () => {
  it('returns null for missing and the list for *', () => {
    expect(getPath({ a: { b: 1 } }, parsePath('a.b'))).toBe(1);
    expect(getPath({ a: {} }, parsePath('a.b'))).toBeNull();
    expect(getPath({ l: [1, 2] }, parsePath('l.*.x'))).toEqual([1, 2]);
    expect(() => getPath({ l: [1] }, parsePath('l.x'))).toThrow(
      'x: must be array index or wildcard character',
    );
  });

  it('compilePathGet reads as getPath does, errors included', () => {
    const leaf = fc.oneof(
      fc.integer(),
      fc.constant(null),
      fc.constantFrom('a', ''),
      fc.record({ $date: fc.integer() }),
      fc.constant({ $date: 'x' }),
    );
    const key = fc.constantFrom('a', 'b', '$date', '0', '*', 'constructor', 'toString');
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('node'), { maxLength: 2 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const path = fc.oneof(
      fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => keys.join('.')),
      fc.constantFrom('', 'a.', '.a', 'a..b', 'a\\.b'),
    );
    const read = (get: () => unknown): unknown => {
      try {
        return get();
      } catch (e) {
        if (e instanceof QueryCallError) return `error: ${e.message}`;
        throw e;
      }
    };
    fc.assert(
      fc.property(value, path, (root, text) => {
        const parsed = parsePath(text);
        const get = compilePathGet(parsed);
        expect(read(() => get(root))).toEqual(read(() => getPath(root, parsed)));
      }),
      { numRuns: 2000 },
    );
    expect(compilePathGet(parsePath('a'))({ a: undefined })).toBeNull();
    expect(compilePathGet(parsePath('a'))({ $date: 5 })).toEqual({ $date: 5 });
    expect(compilePathGet(parsePath('a'))({ $date: 5, a: 1 })).toBe(1);
  });

  it('topLevel reads the whole text as one key', () => {
    expect(topLevel({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
    expect(topLevel({ a: { b: 2 } }, 'a.b')).toBeNull();
    expect(topLevel({ a: null }, 'a')).toBeNull();
  });
});

describe('paths in filterList', () => {
  const rows = [
    { id: 1, tags: ['a', 'b'], nested: [{ v: 1 }, { v: 2 }], origin: 'UNIX socket (pid=1)' },
    { id: 2, tags: [], nested: [{ v: 3 }], origin: '10.0.0.1:1' },
    { id: 3, origin: 'x' },
  ];
  const ids = (filters: unknown): unknown[] =>
    (filterList(rows, filters, {}) as { id: number }[]).map((r) => r.id);

  it('supports wildcards, indexes and the scalar quirk', () => {
    expect(ids([['tags.*', '=', 'b']])).toEqual([1]);
    expect(ids([['nested.*.v', '>', 2]])).toEqual([2]);
    expect(ids([['tags.0', '=', null]])).toEqual([2]);
    expect(ids([['origin.anything', '^', 'UNIX']])).toEqual([1]);
    expect(ids([['tags.1', '!=', 'zzz']])).toEqual([1, 2]);
  });

  it('compares the whole row for an empty or falsy field', () => {
    expect(ids([['', '=', rows[2]]])).toEqual([3]);
    expect(ids([[null, '=', rows[2]]])).toEqual([3]);
    expect(() => ids([[5, '=', 1]])).toThrow("'int' object has no attribute 'partition'");
  });
});
