import { decodeBase64, encodeBase64 } from './base64';

describe('decodeBase64', () => {
  it('reads standard base64 with padding', () => {
    expect(decodeBase64('aGk=')).toEqual(new Uint8Array([0x68, 0x69]));
    expect(decodeBase64('')).toEqual(new Uint8Array([]));
    expect(decodeBase64('+/8=')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it.each([
    ['missing padding', 'aGk'],
    ['url-safe letters', '-_8='],
    ['a stray space', 'aG k='],
    ['a newline', 'aGk=\n'],
    ['non-zero unused bits', 'aGl='],
    ['padding inside', 'aG==aGk='],
  ])('refuses %s', (_what, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('encodeBase64', () => {
  it('writes standard base64 with padding, of a view as of its own bytes', () => {
    const bytes = new Uint8Array([0, 0xfb, 0xff, 0]);
    expect(encodeBase64(bytes.subarray(1, 3))).toBe('+/8=');
  });
});
