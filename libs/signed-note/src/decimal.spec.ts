import { isCount, parseDecimal } from './decimal';

describe('parseDecimal', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['20852163', 20852163],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads %s', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['', '00', '01', '-1', '+1', '1.0', '1e3', ' 1', '0x10', '9007199254740992', '١'])(
    'refuses %j',
    (text) => {
      expect(parseDecimal(text)).toBeUndefined();
    },
  );
});

describe('isCount', () => {
  it('accepts the non-negative safe integers only', () => {
    expect([0, 5, Number.MAX_SAFE_INTEGER].map(isCount)).toEqual([true, true, true]);
    expect([-1, 1.5, NaN, Number.MAX_SAFE_INTEGER + 1].map(isCount)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
