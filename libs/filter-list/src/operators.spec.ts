import fc from 'fast-check';
import { OPERATORS, pyContains, valueTest } from './operators';
import { pyCompare, pyEq, type OrderOp } from './py-compare';
import { PyDateTime } from './py-types';
import { QueryCallError, QueryValidationError } from './query-error';

const t = (op: string, x: unknown, y: unknown): boolean => valueTest(op, y)(x);
const fails = (op: string, x: unknown, y: unknown): string => {
  try {
    t(op, x, y);
  } catch (e) {
    if (e instanceof QueryCallError) return e.message;
    throw e;
  }
  throw new Error('expected a QueryCallError');
};

describe('operators (MW-26 filter_ops)', () => {
  it('knows the fifteen operators', () => {
    expect([...OPERATORS].sort()).toEqual(
      [
        '!$',
        '!=',
        '!^',
        '$',
        '<',
        '<=',
        '=',
        '>',
        '>=',
        '^',
        '~',
        'in',
        'nin',
        'rin',
        'rnin',
      ].sort(),
    );
  });

  it('= and != compare deeply and compare null normally', () => {
    expect(t('=', 'a', 'a')).toBe(true);
    expect(t('=', 1, 1.0)).toBe(true);
    expect(t('=', null, null)).toBe(true);
    expect(t('!=', null, 'x')).toBe(true);
    expect(t('=', { a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(t('=', { a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(t('=', { a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(t('=', [1, 2], [1, 2])).toBe(true);
    expect(t('=', [1, 2], [2, 1])).toBe(false);
    expect(t('=', '1', 1)).toBe(false);
    expect(t('!=', [1], [1])).toBe(false);
  });

  it('ordered comparisons follow Python and fail across types', () => {
    expect(t('>', 3, 2)).toBe(true);
    expect(t('>=', 2, 2.0)).toBe(true);
    expect(t('<', 'abc', 'abd')).toBe(true);
    expect(t('<=', 'b', 'a')).toBe(false);
    expect(t('<', [1, 2], [1, 3])).toBe(true);
    expect(t('>', [1, 2, 0], [1, 2])).toBe(true);
    expect(t('>', true, 0)).toBe(true);
    expect(t('<', '\u{1F600}', '\uFFFF')).toBe(false);
    expect(fails('<', 'a', null)).toBe(
      "'<' not supported between instances of 'str' and 'NoneType'",
    );
    expect(fails('>', null, 1)).toBe("'>' not supported between instances of 'NoneType' and 'int'");
    expect(fails('>=', 1.5, 'x')).toBe("'>=' not supported between instances of 'float' and 'str'");
    expect(fails('<=', { a: 1 }, { a: 1 })).toBe(
      "'<=' not supported between instances of 'dict' and 'dict'",
    );
    expect(fails('<', [1, 'a'], [1, 2])).toBe(
      "'<' not supported between instances of 'str' and 'int'",
    );
    expect(fails('>', { $date: 1 }, 5)).toBe(
      "'>' not supported between instances of 'datetime.datetime' and 'int'",
    );
  });

  it('~ is re.match: anchored at the start, null as empty string, (?i) supported', () => {
    expect(t('~', 'UNIX socket', 'UNIX')).toBe(true);
    expect(t('~', 'a UNIX socket', 'UNIX')).toBe(false);
    expect(t('~', 'a UNIX socket', '.*UNIX')).toBe(true);
    expect(t('~', 'abc', '(?i)ABC$')).toBe(true);
    expect(t('~', 'abc\n', 'abc$')).toBe(true);
    expect(t('~', null, '^$')).toBe(true);
    expect(t('~', null, 'x')).toBe(false);
    expect(t('~', '', '')).toBe(true);
  });

  it('~ refuses what cannot run in linear time when the filter is compiled, not per row', () => {
    expect(() => valueTest('~', '(?P<n>x)(?P=n)?')).toThrow(QueryValidationError);
    try {
      valueTest('~', '(?P<n>x)(?P=n)?');
    } catch (e) {
      expect((e as QueryValidationError).errors).toEqual([
        [
          'filters',
          "Value error, regular expression '(?P<n>x)(?P=n)?': backreferences are not supported (patterns run in linear time)",
          22,
        ],
      ]);
    }
  });

  it('~ errors: bad pattern, non-string pattern, non-string value', () => {
    expect(fails('~', 'x', '(')).toMatch(/^invalid regular expression '\(': /);
    expect(fails('~', 'x', 5)).toBe('first argument must be string or compiled pattern');
    expect(fails('~', 5, 'x')).toBe("expected string or bytes-like object, got 'int'");
    expect(fails('~', ['a'], 'x')).toBe("expected string or bytes-like object, got 'list'");
    expect(t('~', 0, '^$')).toBe(true);
  });

  it('in / nin: membership in a list, substring of a string', () => {
    expect(t('in', 'API_KEY', ['API_KEY', 'TOKEN'])).toBe(true);
    expect(t('in', 'PI_K', 'API_KEY')).toBe(true);
    expect(t('in', null, [null])).toBe(true);
    expect(t('in', [1], [[1], [2]])).toBe(true);
    expect(t('in', 'k', { k: 1 })).toBe(true);
    expect(t('nin', 'x', ['y'])).toBe(true);
    expect(t('nin', 'y', ['y'])).toBe(false);
    expect(t('nin', null, ['y'])).toBe(false);
    expect(fails('in', null, 'abc')).toBe(
      "'in <string>' requires string as left operand, not NoneType",
    );
    expect(fails('in', 'a', 5)).toBe("argument of type 'int' is not iterable");
    expect(fails('in', ['a'], { a: 1 })).toBe("unhashable type: 'list'");
  });

  it('rin / rnin: the value contains y; false on null', () => {
    expect(t('rin', 'truenas_admin', 'admin')).toBe(true);
    expect(t('rin', ['a', 'b'], 'b')).toBe(true);
    expect(t('rin', { api_key: 1 }, 'api_key')).toBe(true);
    expect(t('rnin', ['a', 'b'], 'c')).toBe(true);
    expect(t('rin', null, 'a')).toBe(false);
    expect(t('rnin', null, 'a')).toBe(false);
    expect(fails('rin', 5, 'a')).toBe("argument of type 'int' is not iterable");
    expect(fails('rin', 'abc', 5)).toBe("'in <string>' requires string as left operand, not int");
    expect(fails('rin', { $date: 1 }, 'a')).toBe(
      "argument of type 'datetime.datetime' is not iterable",
    );
  });

  it('^ !^ $ !$: prefixes and suffixes; false on null', () => {
    expect(t('^', 'LOGIN_PASSWORD', 'LOGIN')).toBe(true);
    expect(t('!^', 'LOGIN_PASSWORD', 'LOGIN')).toBe(false);
    expect(t('$', 'LOGIN_PASSWORD', 'WORD')).toBe(true);
    expect(t('!$', 'LOGIN_PASSWORD', 'X')).toBe(true);
    for (const op of ['^', '!^', '$', '!$']) expect(t(op, null, 'x')).toBe(false);
    expect(fails('^', 5, 'x')).toBe("'int' object has no attribute 'startswith'");
    expect(fails('!$', ['x'], 'x')).toBe("'list' object has no attribute 'endswith'");
    expect(fails('^', 'x', 5)).toBe('startswith first arg must be str or a tuple of str, not int');
    expect(fails('$', 'x', ['x'])).toBe(
      'endswith first arg must be str or a tuple of str, not list',
    );
  });

  it('C forms fold both sides', () => {
    expect(t('C=', 'API_KEY', 'api_key')).toBe(true);
    expect(t('C=', 'API_KEY', 'API_KEY')).toBe(true);
    expect(t('C!=', 'API_KEY', 'api_key')).toBe(false);
    expect(t('C^', 'LOGIN_PASSWORD', 'login')).toBe(true);
    expect(t('C!^', 'LOGIN_PASSWORD', 'login')).toBe(false);
    expect(t('C$', 'LOGIN_PASSWORD', 'Word')).toBe(true);
    expect(t('C!$', 'LOGIN_PASSWORD', 'Word')).toBe(false);
    expect(t('Cin', 'Token', ['API_KEY', 'TOKEN'])).toBe(true);
    expect(t('Cnin', 'Token', ['API_KEY', 'TOKEN'])).toBe(false);
    expect(t('Cin', 'key', 'API_KEY')).toBe(true);
    expect(t('Crin', 'Truenas_Admin', 'ADMIN')).toBe(true);
    expect(t('Crnin', 'Truenas_Admin', 'ADMIN')).toBe(false);
    expect(t('Crin', ['A', 'B'], 'b')).toBe(true);
    expect(t('C>', 'b', 'A')).toBe(true);
    expect(t('C<=', 'B', 'a')).toBe(false);
    expect(t('C=', 'STRASSE', 'straße')).toBe(true);
    expect(t('C=', 'Straße', 'STRASSE')).toBe(true);
    expect(t('C=', null, null)).toBe(true);
    expect(t('C^', null, 'x')).toBe(false);
  });

  it('C forms fail on values that cannot be folded', () => {
    expect(fails('C=', 5, 'x')).toBe(
      "<class 'int'>: support for casefolding object type not implemented.",
    );
    expect(fails('C=', 'x', 5)).toBe(
      "<class 'int'>: support for casefolding object type not implemented.",
    );
    expect(fails('C=', true, 'x')).toBe(
      "<class 'bool'>: support for casefolding object type not implemented.",
    );
    expect(fails('Cin', 'x', ['a', 1])).toBe("'int' object has no attribute 'casefold'");
    expect(fails('C=', { a: 1 }, 'x')).toBe(
      "<class 'dict'>: support for casefolding object type not implemented.",
    );
  });

  it('pyContains follows operator.contains', () => {
    expect(pyContains([1, 2], 2)).toBe(true);
    expect(pyContains('abc', '')).toBe(true);
    expect(pyContains({}, 5)).toBe(false);
  });
});

describe('~ over many rows', () => {
  it('answers each value as its first match did, past the distinct values it remembers', () => {
    const test = valueTest('~', '^u.*7$');
    const values = Array.from({ length: 12_000 }, (_, i) => `u${i % 6_000}`);
    const expected = values.map((v) => /^u.*7$/.test(v));
    expect(values.map((v) => test(v))).toEqual(expected);
    expect(values.map((v) => test(v))).toEqual(expected);
    expect(test(null)).toBe(false);
  });
});

describe('= != > >= < <= against a scalar', () => {
  /** What pyEq and pyCompare answer (or the message they fail with). */
  const generic = (op: string, x: unknown, y: unknown): unknown => {
    try {
      if (op === '=') return pyEq(x, y);
      if (op === '!=') return !pyEq(x, y);
      return pyCompare(x, y, op as OrderOp);
    } catch (e) {
      if (e instanceof QueryCallError) return e.message;
      throw e;
    }
  };
  const answer = (op: string, x: unknown, y: unknown): unknown => {
    try {
      return t(op, x, y);
    } catch (e) {
      if (e instanceof QueryCallError) return e.message;
      throw e;
    }
  };
  const number = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.double(),
    fc.constantFrom(0, -0, 0.5, Number.NaN, Infinity, -Infinity, 2 ** 53, 1e300),
  );
  const scalar = fc.oneof(number, fc.boolean(), fc.constant(null), fc.string({ maxLength: 2 }));
  const value = fc.oneof(
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 1 }), scalar) },
    { weight: 1, arbitrary: number.map(($date) => ({ $date })) },
    { weight: 1, arbitrary: number.map((ms) => new PyDateTime(ms, ms > 0)) },
  );

  it('answers as pyEq and pyCompare do, errors included', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '!=', '>', '>=', '<', '<='), value, scalar, (op, x, y) => {
        expect(answer(op, x, y)).toEqual(generic(op, x, y));
      }),
      { numRuns: 2000 },
    );
  });

  it('compares numbers as a difference, as pyCompare does', () => {
    expect(t('>=', Infinity, Infinity)).toBe(false);
    expect(t('<', -0, 0)).toBe(false);
    expect(t('>', Number.NaN, 1)).toBe(false);
    expect(t('>=', 5, 5)).toBe(true);
    expect(t('>=', true, 1)).toBe(true);
    expect(fails('>=', 'a', 1)).toBe("'>=' not supported between instances of 'str' and 'int'");
  });
});
