import { REFERENCE_TREE, hex } from '../../../test/fixtures/merkle/vectors';
import { leafHash } from './hashes';
import { MemoryHashStore } from './memory-hash-store';
import { MerkleArgumentError } from './merkle-errors';
import { storedHashesFor, storedHashesForLeafHash } from './stored-hashes';
import { storedHashIndex } from './stored-index';

describe('storedHashesFor', () => {
  it("stores every complete subtree's hash of the RFC 6962 reference tree where storedHashIndex says", () => {
    const store = new MemoryHashStore();
    for (const input of REFERENCE_TREE.leafInputs) store.append(input);
    expect(store.hashCount).toBe(15);
    REFERENCE_TREE.nodeHashes.forEach((level, l) =>
      level.forEach((hash, n) => {
        expect(hex(store.read([storedHashIndex(l, n)])[0])).toBe(hash);
      }),
    );
  });

  it('writes the leaf hash, then one hash per subtree the leaf closes', () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 7; i++) store.append(`leaf ${i}`);
    const hashes = storedHashesFor(7, 'leaf 7', store.read);
    expect(hashes).toHaveLength(4);
    expect(hashes[0]).toEqual(leafHash('leaf 7'));
    expect(storedHashesForLeafHash(7, leafHash('leaf 7'), store.read)).toEqual(hashes);
    expect(storedHashesFor(8, 'leaf 8', () => [])).toEqual([leafHash('leaf 8')]);
  });

  it('refuses a leaf hash that is not 32 bytes and an index that is not a count', () => {
    expect(() => storedHashesForLeafHash(0, new Uint8Array(4), () => [])).toThrow(
      new MerkleArgumentError('a leaf hash is 32 bytes, got 4'),
    );
    expect(() => storedHashesFor(-1, 'x', () => [])).toThrow(MerkleArgumentError);
  });
});
