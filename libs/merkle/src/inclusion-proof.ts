import { type Hash, isHash, nodeHash, sameHash } from './hashes';
import { type HashReader } from './hash-reader';
import { type SiblingStep, rangeHashes } from './leaf-ranges';
import { MerkleArgumentError } from './merkle-errors';
import { checkCount, splitPoint } from './tree-math';

/**
 * RFC 6962 §2.1.1's PATH(index, D[size]) as the subtrees it names, leaf first: walking from the
 * root down to the leaf, each split leaves one side off the path, and that side's root is a proof
 * element. Prover and verifier both follow it, so they cannot disagree on the proof's shape.
 */
function auditPath(index: number, size: number): SiblingStep[] {
  const steps: SiblingStep[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const { k } = splitPoint(hi - lo);
    if (index < lo + k) {
      steps.push({ sibling: { lo: lo + k, hi }, siblingIsLeft: false });
      hi = lo + k;
    } else {
      steps.push({ sibling: { lo, hi: lo + k }, siblingIsLeft: true });
      lo += k;
    }
  }
  return steps.reverse();
}

function checkIndex(index: number, size: number): void {
  checkCount('size', size, 1);
  checkCount('index', index, 0);
  if (index >= size) {
    throw new MerkleArgumentError(`index ${index} is not in a tree of ${size} leaves`);
  }
}

/** The audit path proving leaf `index` is in the tree of `size` leaves: O(log size) stored reads. */
export function inclusionProof(index: number, size: number, read: HashReader): Hash[] {
  checkIndex(index, size);
  return rangeHashes(
    auditPath(index, size).map((step) => step.sibling),
    read,
  );
}

/**
 * Whether `proof` shows the leaf with hash `leaf` at `index` in the tree of `size` leaves whose root
 * is `root` (RFC 9162 §2.1.3.2). A proof of the wrong length, or with an element that is not a
 * hash, proves nothing.
 */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  checkIndex(index, size);
  const path = auditPath(index, size);
  if (proof.length !== path.length || !isHash(leaf) || !proof.every(isHash)) return false;
  const computed = path.reduce(
    (hash, step, i) => (step.siblingIsLeft ? nodeHash(proof[i], hash) : nodeHash(hash, proof[i])),
    leaf,
  );
  return sameHash(computed, root);
}
