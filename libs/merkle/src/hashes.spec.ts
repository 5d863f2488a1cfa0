import {
  emptyRoot,
  isHash,
  leafHash,
  nodeHash,
  sameHash,
  writeLeafHash,
  writeNodeHashAt,
} from './hashes';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('tree hashes (RFC 6962 §2.1)', () => {
  it('hashes a leaf as SHA-256(0x00 ‖ data): the empty leaf of the reference tree', () => {
    expect(hex(leafHash(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(hex(leafHash(Uint8Array.of(0x00)))).toBe(
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    );
  });

  it('hashes text as its UTF-8 bytes', () => {
    expect(hex(leafHash('é{}'))).toBe(hex(leafHash(Buffer.from('é{}', 'utf8'))));
  });

  it('hashes a node as SHA-256(0x01 ‖ left ‖ right), so order matters', () => {
    const [a, b] = [leafHash(new Uint8Array()), leafHash(Uint8Array.of(0x00))];
    expect(hex(nodeHash(a, b))).toBe(
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    );
    expect(sameHash(nodeHash(a, b), nodeHash(b, a))).toBe(false);
  });

  it('writes the same leaf and node hashes into a buffer, non-ASCII text and odd sizes too', () => {
    const out = Buffer.alloc(110, 0xff);
    writeLeafHash('é{}\u0000x', out, 3);
    expect(hex(out.subarray(3, 35))).toBe(hex(leafHash(Buffer.from('é{}\u0000x', 'utf8'))));
    const [a, b] = [leafHash('a'), leafHash('b')];
    const left = Buffer.concat([Buffer.alloc(7), a]);
    out.set(b, 40);
    writeNodeHashAt(left, 7, out, 40, 72);
    expect(hex(out.subarray(72, 104))).toBe(hex(nodeHash(a, b)));
    expect(out[104]).toBe(0xff);
    expect(hex(out.subarray(40, 72))).toBe(hex(b));
    expect(out[2]).toBe(0xff);
    expect(out[35]).toBe(0xff);
  });

  it('gives the empty tree the hash of the empty string', () => {
    expect(hex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('compares hashes by their bytes and knows a hash by its 32 bytes', () => {
    expect(sameHash(leafHash('a'), leafHash('a'))).toBe(true);
    expect(sameHash(leafHash('a'), leafHash('a').subarray(1))).toBe(false);
    expect(isHash(leafHash('a'))).toBe(true);
    expect(isHash(new Uint8Array(31))).toBe(false);
  });
});
