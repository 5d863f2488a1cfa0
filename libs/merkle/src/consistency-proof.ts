import { type Hash, isHash, nodeHash, sameHash } from './hashes';
import { type HashReader } from './hash-reader';
import { type LeafRange, type SiblingStep, rangeHashes } from './leaf-ranges';
import { MerkleArgumentError } from './merkle-errors';
import { checkCount, splitPoint } from './tree-math';

/**
 * RFC 6962 §2.1.2's SUBPROOF(from, D[to], true) as the subtrees it names, in proof order. Walking
 * down the new tree toward the old tree's last leaf ends at a complete subtree both trees share:
 * the old tree itself (lo = 0, whose root the verifier has, so it is left out) or a subtree the
 * proof starts with (`seed`). Every split on the way leaves one side off the walk: a proof element.
 */
function consistencyWalk(
  fromSize: number,
  toSize: number,
): { seed: LeafRange | undefined; steps: SiblingStep[] } {
  const steps: SiblingStep[] = [];
  let lo = 0;
  let hi = toSize;
  while (fromSize !== hi) {
    const { k } = splitPoint(hi - lo);
    if (fromSize <= lo + k) {
      steps.push({ sibling: { lo: lo + k, hi }, siblingIsLeft: false });
      hi = lo + k;
    } else {
      steps.push({ sibling: { lo, hi: lo + k }, siblingIsLeft: true });
      lo += k;
    }
  }
  return { seed: lo === 0 ? undefined : { lo, hi }, steps: steps.reverse() };
}

function checkSizes(fromSize: number, toSize: number): void {
  // A tree of no leaves is a prefix of every tree: there is nothing to prove (RFC 9162 §2.1.4).
  checkCount('from size', fromSize, 1);
  checkCount('to size', toSize, 1);
  if (fromSize > toSize) {
    throw new MerkleArgumentError(
      `from size ${fromSize} is larger than to size ${toSize}: a log only grows`,
    );
  }
}

/** The proof that the tree of `toSize` leaves extends the one of `fromSize`: O(log n) reads. */
export function consistencyProof(fromSize: number, toSize: number, read: HashReader): Hash[] {
  checkSizes(fromSize, toSize);
  const { seed, steps } = consistencyWalk(fromSize, toSize);
  const ranges = steps.map((step) => step.sibling);
  return rangeHashes(seed ? [seed, ...ranges] : ranges, read);
}

/**
 * Whether `proof` shows the tree of `toSize` leaves with root `toRoot` extends the tree of
 * `fromSize` leaves with root `fromRoot` (RFC 9162 §2.1.4.2). The proof rebuilds both roots from
 * the same hashes, so it holds only if the old tree is the new one's prefix.
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Hash,
  toRoot: Hash,
  proof: readonly Hash[],
): boolean {
  checkSizes(fromSize, toSize);
  const { seed, steps } = consistencyWalk(fromSize, toSize);
  const wanted = steps.length + (seed ? 1 : 0);
  if (proof.length !== wanted || !proof.every(isHash)) return false;
  const start = seed ? proof[0] : fromRoot;
  const siblings = seed ? proof.slice(1) : proof;
  let oldHash = start;
  let newHash = start;
  steps.forEach((step, i) => {
    // A right sibling is past the old tree's last leaf: it grows only the new root.
    if (step.siblingIsLeft) oldHash = nodeHash(siblings[i], oldHash);
    newHash = step.siblingIsLeft ? nodeHash(siblings[i], newHash) : nodeHash(newHash, siblings[i]);
  });
  return sameHash(oldHash, fromRoot) && sameHash(newHash, toRoot);
}
