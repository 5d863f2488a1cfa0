import {
  CONSISTENCY_VECTORS,
  INCLUSION_VECTORS,
  REFERENCE_TREE,
  hex,
} from '../../../test/fixtures/merkle/vectors';
import { consistencyProof, verifyConsistency } from './consistency-proof';
import { type Hash } from './hashes';
import { inclusionProof, verifyInclusion } from './inclusion-proof';
import { MemoryHashStore } from './memory-hash-store';
import { MerkleArgumentError } from './merkle-errors';
import { storedHashIndex } from './stored-index';
import { treeHash } from './tree-hash';

/**
 * transparency-dev/merkle's RFC 6962 vectors (test/fixtures/merkle): each valid proof over the
 * 8-leaf reference tree, and copies of it corrupted one way each. A vector "fails" when the check
 * says false or refuses its arguments (a size of 0, an index past the tree): either way nothing is
 * proven, as the vectors' wantErr expects.
 */
function outcome(check: () => boolean): 'proven' | 'refused' {
  try {
    return check() ? 'proven' : 'refused';
  } catch (error) {
    if (error instanceof MerkleArgumentError) return 'refused';
    throw error;
  }
}

const store = new MemoryHashStore();
REFERENCE_TREE.leafInputs.forEach((input) => store.append(input));

/** Every copy of `proof` with one bit flipped, one element dropped, or one element added. */
function tampered(proof: readonly Hash[]): Hash[][] {
  const copies: Hash[][] = [];
  proof.forEach((hash, i) => {
    for (const bit of [0, 7, 255]) {
      const flipped = Uint8Array.from(hash);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      copies.push(proof.map((h, j) => (j === i ? flipped : h)));
    }
    copies.push(proof.filter((_, j) => j !== i));
  });
  copies.push([...proof, proof[0] ?? store.read([0])[0]]);
  return copies;
}

const valid = <T extends { wantErr: boolean }>(vectors: T[]): T[] =>
  vectors.filter((v) => !v.wantErr);

/**
 * The valid proofs over the reference tree (the others, in single-entry/ and additional/, prove a
 * 1-leaf tree under some other hash: they check only the verifier).
 */
const overReferenceTree = <T extends { wantErr: boolean; file: string }>(vectors: T[]): T[] =>
  valid(vectors).filter((v) => /\/\d\/happy-path\.json$/.test(v.file));

describe('RFC 6962 inclusion vectors', () => {
  it('holds 98 vectors, 6 of them valid proofs, 5 over the reference tree', () => {
    expect(INCLUSION_VECTORS).toHaveLength(98);
    expect(valid(INCLUSION_VECTORS)).toHaveLength(6);
    expect(overReferenceTree(INCLUSION_VECTORS)).toHaveLength(5);
  });

  it.each(INCLUSION_VECTORS.map((v) => [v.file, v] as const))('%s', (_file, v) => {
    expect(outcome(() => verifyInclusion(v.leafHash, v.leafIdx, v.treeSize, v.proof, v.root))).toBe(
      v.wantErr ? 'refused' : 'proven',
    );
  });

  it.each(overReferenceTree(INCLUSION_VECTORS).map((v) => [v.file, v] as const))(
    'produces the proof and root of %s from the stored hashes, and no tampered copy verifies',
    (_file, v) => {
      expect(hex(treeHash(v.treeSize, store.read))).toBe(hex(v.root));
      expect(hex(store.read([storedHashIndex(0, v.leafIdx)])[0])).toBe(hex(v.leafHash));
      expect(inclusionProof(v.leafIdx, v.treeSize, store.read).map(hex)).toEqual(v.proof.map(hex));
      for (const proof of tampered(v.proof)) {
        expect(verifyInclusion(v.leafHash, v.leafIdx, v.treeSize, proof, v.root)).toBe(false);
      }
    },
  );
});

describe('RFC 6962 consistency vectors', () => {
  it('holds 98 vectors, 6 of them valid proofs, 5 over the reference tree', () => {
    expect(CONSISTENCY_VECTORS).toHaveLength(98);
    expect(valid(CONSISTENCY_VECTORS)).toHaveLength(6);
    expect(overReferenceTree(CONSISTENCY_VECTORS)).toHaveLength(5);
  });

  it.each(CONSISTENCY_VECTORS.map((v) => [v.file, v] as const))('%s', (_file, v) => {
    expect(outcome(() => verifyConsistency(v.size1, v.size2, v.root1, v.root2, v.proof))).toBe(
      v.wantErr ? 'refused' : 'proven',
    );
  });

  it.each(overReferenceTree(CONSISTENCY_VECTORS).map((v) => [v.file, v] as const))(
    'produces the proof and roots of %s from the stored hashes, and no tampered copy verifies',
    (_file, v) => {
      expect(hex(treeHash(v.size1, store.read))).toBe(hex(v.root1));
      expect(hex(treeHash(v.size2, store.read))).toBe(hex(v.root2));
      expect(consistencyProof(v.size1, v.size2, store.read).map(hex)).toEqual(v.proof.map(hex));
      for (const proof of tampered(v.proof)) {
        expect(verifyConsistency(v.size1, v.size2, v.root1, v.root2, proof)).toBe(false);
      }
    },
  );
});
