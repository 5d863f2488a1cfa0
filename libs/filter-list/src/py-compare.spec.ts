import { compareStrings, pyCompare, pyEq } from './py-compare';
import { PyDateTime, pyTruthy, pyTypeName } from './py-types';

describe('Python value model', () => {
  it('names JSON values with Python type names', () => {
    expect([null, true, 1, 1.5, 'x', [], {}, { $date: 1 }].map(pyTypeName)).toEqual([
      'NoneType',
      'bool',
      'int',
      'float',
      'str',
      'list',
      'dict',
      'datetime.datetime',
    ]);
    expect(pyTypeName({ $date: 1, other: 2 })).toBe('dict');
  });

  it('has Python truthiness', () => {
    expect([null, false, 0, '', [], {}].some(pyTruthy)).toBe(false);
    expect([true, 1, 'x', [0], { a: 0 }, { $date: 0 }].every(pyTruthy)).toBe(true);
  });

  it('compares strings by code point', () => {
    expect(compareStrings('a', 'b')).toBeLessThan(0);
    expect(compareStrings('ab', 'a')).toBeGreaterThan(0);
    expect(compareStrings('\u{10000}', '\uffff')).toBeGreaterThan(0);
    expect(compareStrings('\ud800', '\ud801')).toBeLessThan(0);
  });

  it('treats a row $date as naive and never equal to an aware datetime', () => {
    const row = { $date: 1000 };
    expect(pyEq(row, { $date: 1000 })).toBe(true);
    expect(pyEq(row, new PyDateTime(1000, false))).toBe(true);
    expect(pyEq(row, new PyDateTime(1000, true))).toBe(false);
    expect(pyCompare(row, new PyDateTime(999, false), '>')).toBe(true);
    expect(() => pyCompare(row, new PyDateTime(999, true), '>')).toThrow(
      "can't compare offset-naive and offset-aware datetimes",
    );
  });
});
