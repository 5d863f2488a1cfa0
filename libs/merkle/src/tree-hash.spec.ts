import { REFERENCE_TREE, hex } from '../../../test/fixtures/merkle/vectors';
import { emptyRoot } from './hashes';
import { MemoryHashStore } from './memory-hash-store';
import { MerkleArgumentError } from './merkle-errors';
import { treeHash } from './tree-hash';

describe('treeHash', () => {
  it('gives the RFC 6962 reference roots for every size from 0 to 8', () => {
    const store = new MemoryHashStore();
    const roots = [hex(treeHash(0, store.read))];
    for (const input of REFERENCE_TREE.leafInputs) {
      store.append(input);
      roots.push(hex(treeHash(store.size, store.read)));
    }
    expect(roots).toEqual(REFERENCE_TREE.rootHashes);
  });

  it('reads nothing for the empty tree, and past roots stay readable as the tree grows', () => {
    const reads: number[][] = [];
    expect(treeHash(0, (i) => (reads.push([...i]), []))).toEqual(emptyRoot());
    expect(reads).toEqual([]);
    const store = new MemoryHashStore();
    for (const input of REFERENCE_TREE.leafInputs) store.append(input);
    expect(hex(treeHash(5, store.read))).toBe(REFERENCE_TREE.rootHashes[5]);
  });

  it('refuses a size that is not a count', () => {
    expect(() => treeHash(-1, () => [])).toThrow(MerkleArgumentError);
    expect(() => treeHash(2.5, () => [])).toThrow('size must be an integer from 0 to 2^51');
  });
});
