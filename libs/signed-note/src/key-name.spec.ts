import { InvalidKeyNameError } from './errors';
import { checkKeyName, isValidKeyName, isWellFormed } from './key-name';

describe('isValidKeyName', () => {
  it.each(['PeterNeumann', 'example.com/log42', 'ünïcode', '😀', 'del\u007f'])(
    'accepts %j',
    (name) => {
      expect(isValidKeyName(name)).toBe(true);
    },
  );

  it.each([
    '',
    'a+b',
    'a b',
    'a\nb',
    'a\u0085b',
    'a\u00a0b',
    'a\u1680b',
    'a\u2009b',
    'a\u3000b',
    '\udc00',
  ])('refuses %j', (name) => {
    expect(isValidKeyName(name)).toBe(false);
  });

  it('accepts what Go does not call a space (a zero-width no-break space)', () => {
    expect(isValidKeyName('a\ufeffb')).toBe(true);
  });
});

describe('checkKeyName', () => {
  it('returns a valid name and throws a typed error for another', () => {
    expect(checkKeyName('ok')).toBe('ok');
    expect(() => checkKeyName('no good')).toThrow(InvalidKeyNameError);
  });
});

describe('isWellFormed', () => {
  it('tells paired surrogates from lone ones', () => {
    expect(isWellFormed('\ud83d\ude00')).toBe(true);
    expect(isWellFormed('\ud83d')).toBe(false);
    expect(isWellFormed('\ude00x')).toBe(false);
  });
});
