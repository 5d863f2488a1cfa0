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
