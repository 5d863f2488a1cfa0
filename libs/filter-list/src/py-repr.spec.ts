import { pyRepr, pyStr, reprFloat, reprString } from './py-repr';
import { PyDateTime } from './py-types';

describe('pyRepr / pyStr', () => {
  it('renders scalars like Python', () => {
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(false)).toBe('False');
    expect(pyRepr(3)).toBe('3');
    expect(pyRepr(-0)).toBe('0');
  });

  it.each([
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1.5e300, '1.5e+300'],
    [-2.5e-7, '-2.5e-07'],
    [123456.789, '123456.789'],
  ])('float %p -> %s', (x, text) => {
    expect(reprFloat(x)).toBe(text);
  });

  it('quotes strings like Python', () => {
    expect(reprString('abc')).toBe("'abc'");
    expect(reprString("it's")).toBe('"it\'s"');
    expect(reprString('say "hi" it\'s')).toBe("'say \"hi\" it\\'s'");
    expect(reprString('a\\b\n\t\u0001\u00a0é')).toBe("'a\\\\b\\n\\t\\x01\\xa0é'");
    expect(reprString('\u2028')).toBe("'\\u2028'");
  });

  it('renders lists, dicts and datetimes', () => {
    expect(pyRepr([1, 'a', null, [true]])).toBe("[1, 'a', None, [True]]");
    expect(pyRepr({ a: 1, b: { c: [] } })).toBe("{'a': 1, 'b': {'c': []}}");
    expect(pyRepr(new PyDateTime(Date.UTC(2025, 0, 15, 10), true))).toBe(
      'datetime.datetime(2025, 1, 15, 10, 0, tzinfo=datetime.timezone.utc)',
    );
    expect(pyRepr(new PyDateTime(Date.UTC(2025, 0, 15, 10, 0, 5, 250), false))).toBe(
      'datetime.datetime(2025, 1, 15, 10, 0, 5, 250000)',
    );
  });

  it('str() leaves strings alone', () => {
    expect(pyStr('x y')).toBe('x y');
    expect(pyStr(['x'])).toBe("['x']");
  });
});
