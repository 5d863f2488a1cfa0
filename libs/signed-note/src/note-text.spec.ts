import { decodeUtf8, hasControlChar, noteCharsProblem, utf8 } from './note-text';

describe('noteCharsProblem', () => {
  it('accepts text with newlines, Unicode and DEL', () => {
    expect(noteCharsProblem('a\nb — ü\u007f\n')).toBeUndefined();
  });

  it.each(['\u0001', '\t', '\r', '\u001f', '\u0000'])('refuses the control character %j', (c) => {
    expect(noteCharsProblem(`a${c}b\n`)).toMatch(/control character/);
  });

  it('refuses a lone surrogate', () => {
    expect(noteCharsProblem('\ud800\n')).toMatch(/UTF-8/);
  });
});

describe('decodeUtf8', () => {
  it('reads valid UTF-8 and keeps a byte order mark as text', () => {
    expect(decodeUtf8(utf8('\ufeffé\n'))).toBe('\ufeffé\n');
  });

  it.each([[[0xff]], [[0xc3]], [[0xed, 0xa0, 0x80]], [[0xc0, 0xaf]]])('refuses %j', (bytes) => {
    expect(decodeUtf8(new Uint8Array(bytes))).toBeUndefined();
  });
});

describe('hasControlChar', () => {
  it('finds the characters below U+0020 but newline', () => {
    expect(hasControlChar('a\nb\u007f\u0085')).toBe(false);
    expect(hasControlChar('a\u0000')).toBe(true);
    expect(hasControlChar('\u001f')).toBe(true);
  });
});
