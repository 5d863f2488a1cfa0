import { leafHash, MerkleArgumentError, verifyInclusion, type Hash } from '@authtrail/merkle';

/**
 * Whether `hashes` lead from the leaf of `entryText` (its hash: SHA-256(0x00 ‖ UTF-8 text)) at
 * `index` to `root`, the root of the tree of `size` leaves. An index outside the tree, or a size
 * no tree has, leads nowhere.
 */
export function pathLeadsToRoot(
  entryText: string,
  index: number,
  size: number,
  hashes: readonly Hash[],
  root: Hash,
): boolean {
  try {
    return verifyInclusion(leafHash(entryText), index, size, hashes, root);
  } catch (error) {
    if (error instanceof MerkleArgumentError) return false;
    throw error;
  }
}
