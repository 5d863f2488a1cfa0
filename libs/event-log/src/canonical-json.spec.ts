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
