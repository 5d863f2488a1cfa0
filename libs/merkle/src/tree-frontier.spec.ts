import { leafHash } from './hashes';
import { MemoryHashStore } from './memory-hash-store';
import { HashReadError, MerkleArgumentError } from './merkle-errors';
import { storedHashesForLeafHash } from './stored-hashes';
import { TreeFrontier } from './tree-frontier';

const leaf = (i: number) => leafHash(`leaf ${i}`);

describe('TreeFrontier', () => {
  it('gives every leaf the stored hashes storedHashesForLeafHash gives, from any starting size', () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 300; i++) store.appendLeafHash(leaf(i));
    for (const start of [0, 1, 2, 3, 7, 8, 63, 64, 100, 255]) {
      const frontier = TreeFrontier.read(start, store.read);
      for (let n = start; n < 300; n++) {
        const expected = Buffer.concat(storedHashesForLeafHash(n, leaf(n), store.read));
        const row = n % 2 === 0 ? frontier.append(leaf(n)) : frontier.appendText(`leaf ${n}`);
        expect(row).toEqual(expected);
        expect(frontier.size).toBe(n + 1);
      }
    }
  });

  it('writes the same hashes into a row of several leaves, and refuses a row without room', () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 100; i++) store.appendLeafHash(leaf(i));
    const own = TreeFrontier.read(37, store.read);
    const inPlace = TreeFrontier.read(37, store.read);
    const row = Buffer.alloc(4096, 0xee);
    let bytes = 0;
    const expected: Buffer[] = [];
    for (let n = 37; n < 100; n++) {
      expected.push(own.appendText(`leaf ${n}`));
      bytes += inPlace.appendTextInto(`leaf ${n}`, row, bytes);
    }
    expect(row.subarray(0, bytes)).toEqual(Buffer.concat(expected));
    expect(row[bytes]).toBe(0xee);
    // Leaf n stores its own hash and one per subtree it closes: 1 + trailing zeros of n + 1.
    expect(() => inPlace.appendTextInto('leaf 100', row, 4096 - 31)).toThrow(
      new MerkleArgumentError('leaf 100 stores 32 bytes, 31 are left'),
    );
    const sizes = [100, 101, 102, 103].map((n) => inPlace.appendTextInto(`leaf ${n}`, row, 0));
    expect(sizes).toEqual([32, 64, 32, 128]);
  });

  it('stands where it stood when rebuilt from its edge, and hashes prefixed leaf data the same', () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 200; i++) store.appendLeafHash(leaf(i));
    for (const size of [0, 1, 5, 64, 127, 199]) {
      const read = TreeFrontier.read(size, store.read);
      const rebuilt = TreeFrontier.fromEdge(size, read.edge());
      expect(read.edge()).toHaveLength([...size.toString(2)].filter((bit) => bit === '1').length);
      const row = Buffer.alloc(4096);
      for (let n = size; n < 200; n++) {
        const prefixed = Buffer.concat([Buffer.of(0), Buffer.from(`leaf ${n}`)]);
        const bytes = rebuilt.appendPrefixedInto(prefixed, row, 0);
        expect(row.subarray(0, bytes)).toEqual(read.append(leaf(n)));
      }
    }
  });

  it('refuses an edge of the wrong length or size, and prefixed data without its prefix', () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 6; i++) store.appendLeafHash(leaf(i));
    const edge = TreeFrontier.read(6, store.read).edge();
    expect(() => TreeFrontier.fromEdge(7, edge)).toThrow(MerkleArgumentError);
    expect(() => TreeFrontier.fromEdge(6, [edge[0], new Uint8Array(31)])).toThrow(
      new MerkleArgumentError('the edge of a tree of size 6 is 2 hashes of 32 bytes'),
    );
    const row = Buffer.alloc(64);
    expect(() =>
      TreeFrontier.fromEdge(6, edge).appendPrefixedInto(Buffer.from('leaf 6'), row, 0),
    ).toThrow(new MerkleArgumentError('prefixed leaf data must begin with the leaf prefix 0x00'));
  });

  it('reads one stored hash per 1 bit of the size, and nothing for an empty tree', () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 13; i++) store.appendLeafHash(leaf(i));
    const asked: number[][] = [];
    TreeFrontier.read(13, (indexes) => (asked.push([...indexes]), store.read(indexes)));
    expect(asked).toEqual([[expect.any(Number), expect.any(Number), expect.any(Number)]]);
    expect(TreeFrontier.read(0, () => []).size).toBe(0);
  });

  it('refuses a leaf hash that is not 32 bytes and a store that lacks a hash', () => {
    const frontier = TreeFrontier.read(0, () => []);
    expect(() => frontier.append(new Uint8Array(5))).toThrow(
      new MerkleArgumentError('a leaf hash is 32 bytes, got 5'),
    );
    expect(() => TreeFrontier.read(3, () => [])).toThrow(HashReadError);
    expect(() => TreeFrontier.read(-1, () => [])).toThrow(MerkleArgumentError);
  });
});
