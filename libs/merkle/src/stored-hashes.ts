import { type Hash, isHash, leafHash, nodeHash } from './hashes';
import { type HashReader, readHashes } from './hash-reader';
import { MerkleArgumentError } from './merkle-errors';
import { storedHashIndex } from './stored-index';
import { checkCount, trailingZeros } from './tree-math';

/**
 * The hashes to store when appending leaf `n` (0-based) with `data`, to be written from
 * storedHashIndex(0, n) on: its leaf hash, then one hash per complete subtree it closes. About two
 * per leaf on average, never more than 1 + log₂ n; reads one earlier hash per subtree closed.
 */
export function storedHashesFor(n: number, data: Uint8Array | string, read: HashReader): Hash[] {
  return storedHashesForLeafHash(n, leafHash(data), read);
}

/** storedHashesFor, given the leaf's hash rather than its data. */
export function storedHashesForLeafHash(n: number, hash: Hash, read: HashReader): Hash[] {
  checkCount('leaf index', n, 0);
  if (!isHash(hash)) {
    throw new MerkleArgumentError(`a leaf hash is 32 bytes, got ${hash.length}`);
  }
  // Leaf n closes one subtree per trailing 1 bit of n: the one at level l+1 joins the subtree just
  // closed at level l with its left sibling, the complete subtree (l, ⌊n/2^l⌋ − 1).
  const closed = trailingZeros(n + 1);
  const siblings = Array.from({ length: closed }, (_, level) =>
    storedHashIndex(level, Math.floor(n / 2 ** level) - 1),
  );
  const left = readHashes(read, siblings);
  const hashes = [hash];
  for (let level = 0; level < closed; level++) {
    hashes.push(nodeHash(left[level], hashes[level]));
  }
  return hashes;
}
