import { leafHash } from './hashes';
import { inclusionProof, verifyInclusion } from './inclusion-proof';
import { MemoryHashStore } from './memory-hash-store';
import { MerkleArgumentError } from './merkle-errors';
import { treeHash } from './tree-hash';

const store = new MemoryHashStore();
for (let i = 0; i < 7; i++) store.append(`entry ${i}`);
const root = treeHash(7, store.read);

describe('inclusion proofs', () => {
  it('proves each leaf of a tree whose right edge is not complete', () => {
    for (let i = 0; i < 7; i++) {
      const proof = inclusionProof(i, 7, store.read);
      expect(proof).toHaveLength(i === 6 ? 2 : 3);
      expect(verifyInclusion(leafHash(`entry ${i}`), i, 7, proof, root)).toBe(true);
    }
  });

  it('needs no proof in a 1-leaf tree, whose root is the leaf hash', () => {
    expect(inclusionProof(0, 1, store.read)).toEqual([]);
    expect(verifyInclusion(leafHash('entry 0'), 0, 1, [], leafHash('entry 0'))).toBe(true);
  });

  it('answers false, not a TypeError, for a proof holding something other than bytes', () => {
    const proof = inclusionProof(2, 7, store.read) as unknown[];
    const forged = [undefined, ...proof.slice(1)] as Uint8Array[];
    expect(verifyInclusion(leafHash('entry 2'), 2, 7, forged, root)).toBe(false);
  });

  it('does not prove another leaf, another index, or with a proof element that is no hash', () => {
    const proof = inclusionProof(2, 7, store.read);
    expect(verifyInclusion(leafHash('entry 3'), 2, 7, proof, root)).toBe(false);
    expect(verifyInclusion(leafHash('entry 2'), 3, 7, proof, root)).toBe(false);
    expect(verifyInclusion(leafHash('entry 2').subarray(1), 2, 7, proof, root)).toBe(false);
    expect(
      verifyInclusion(leafHash('entry 2'), 2, 7, [...proof.slice(1), new Uint8Array(8)], root),
    ).toBe(false);
  });

  it('refuses an index outside the tree, an empty tree, and sizes that are no counts', () => {
    expect(() => inclusionProof(7, 7, store.read)).toThrow(
      new MerkleArgumentError('index 7 is not in a tree of 7 leaves'),
    );
    expect(() => inclusionProof(0, 0, store.read)).toThrow(
      'size must be an integer from 1 to 2^51, got 0',
    );
    expect(() => verifyInclusion(root, -1, 7, [], root)).toThrow(MerkleArgumentError);
    expect(() => verifyInclusion(root, 0, 1.5, [], root)).toThrow(MerkleArgumentError);
  });
});
