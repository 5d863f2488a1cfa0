import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for the same value built in another order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ 'k"': 'a\nb\u2028' })).toBe('{"k\\"":"a\\nb\u2028"}');
  });
});

describe('canonicalJson with index-like keys', () => {
  it('sorts them by code unit like every other key', () => {
    expect(canonicalJson({ b: { '10': 1, '9': 2, a: 3 }, a: [{ '2': 0, '1': 0 }] })).toBe(
      '{"a":[{"1":0,"2":0}],"b":{"10":1,"9":2,"a":3}}',
    );
  });
});

describe('canonicalJson of values already in key order', () => {
  /** The definition, written out: keys sorted at every depth, undefined members dropped. */
  const reference = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined);
    return `{${keys
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
      .join(',')}}`;
  };
  const sortedCopy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(sortedCopy);
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, sortedCopy(record[k])]),
    );
  };

  it('writes the same text as for any other order, and leaves the value as it was', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!JSON.stringify(value).includes('"__proto__"'));
        const before = JSON.stringify(value);
        expect(canonicalJson(value)).toBe(reference(value));
        expect(canonicalJson(sortedCopy(value))).toBe(reference(value));
        expect(JSON.stringify(value)).toBe(before);
      }),
    );
  });

  it('writes an own "__proto__" member as it always did', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":1}') as unknown;
    const unordered = JSON.parse('{"b":{"__proto__":{"x":1}},"a":1}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"a":1}');
    expect(canonicalJson(unordered)).toBe('{"a":1,"b":{}}');
  });

  it('drops undefined members of an object otherwise in order', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
  });
});
