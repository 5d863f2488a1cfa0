import { type Hash, emptyRoot } from './hashes';
import { type HashReader } from './hash-reader';
import { rangeHashes } from './leaf-ranges';
import { checkCount } from './tree-math';

/** The root of the tree of the first `size` leaves, from at most 1 + log₂ size stored hashes. */
export function treeHash(size: number, read: HashReader): Hash {
  checkCount('size', size, 0);
  if (size === 0) return emptyRoot();
  return rangeHashes([{ lo: 0, hi: size }], read)[0];
}
