import { pythonFloatRepr, pythonJsonDumps, pythonNumber } from './py-json';

describe('Python JSON text', () => {
  it.each<[number, string]>([
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e-7, '1e-07'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789.125, '123456789.125'],
    [1e15, '1000000000000000.0'],
    [-2.5e-10, '-2.5e-10'],
  ])('float repr of %p is %p', (value, text) => {
    expect(pythonFloatRepr(value)).toBe(text);
  });

  it('prints integral numbers as Python ints, below 1e21', () => {
    expect(pythonNumber(1e16)).toBe('10000000000000000');
    expect(pythonNumber(-0)).toBe('0');
    expect(pythonNumber(1e21)).toBe('1e+21');
  });

  it('dumps with Python separators and ASCII escapes', () => {
    expect(pythonJsonDumps({ a: 1, b: [1, 2], c: 'é"\n\u0001😀', d: null, e: true })).toBe(
      '{"a": 1, "b": [1, 2], "c": "\\u00e9\\"\\n\\u0001\\ud83d\\ude00", "d": null, "e": true}',
    );
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({})).toBe('{}');
  });
});
