import { type Hash, nodeHash } from './hashes';
import { type HashReader, readHashes } from './hash-reader';
import { storedHashIndex } from './stored-index';
import { splitPoint } from './tree-math';

/** The leaves [lo, hi) of one subtree of RFC 6962's MTH. */
export interface LeafRange {
  lo: number;
  hi: number;
}

/**
 * One level of a proof's walk down the tree: the subtree the walk leaves aside, whose root is a
 * proof element, and on which side of the walk it lies.
 */
export interface SiblingStep {
  sibling: LeafRange;
  siblingIsLeft: boolean;
}

/**
 * The stored hashes whose fold is MTH(leaves [lo, hi)), where lo is a multiple of the range's
 * largest power of two (every range an RFC 6962 proof names is). MTH splits off a complete left
 * subtree, whose hash is stored, and recurses on the right: at most one stored hash per level.
 */
function rangeIndexes(range: LeafRange): number[] {
  const indexes: number[] = [];
  for (let lo = range.lo; lo < range.hi;) {
    const { k, level } = splitPoint(range.hi - lo + 1);
    indexes.push(storedHashIndex(level, lo / k));
    lo += k;
  }
  return indexes;
}

/** MTH of a range from its stored subtree hashes, left to right: left ‖ MTH(the rest), rightmost first. */
function foldRange(hashes: readonly Hash[]): Hash {
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i], hash);
  return hash;
}

/** MTH of each range, in order, from one batched read of O(log n) stored hashes per range. */
export function rangeHashes(ranges: readonly LeafRange[], read: HashReader): Hash[] {
  const perRange = ranges.map(rangeIndexes);
  const hashes = readHashes(read, perRange.flat());
  let at = 0;
  return perRange.map((indexes) => foldRange(hashes.slice(at, (at += indexes.length))));
}
