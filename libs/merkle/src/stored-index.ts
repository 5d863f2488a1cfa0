import { MerkleArgumentError } from './merkle-errors';
import { MAX_TREE_SIZE, checkCount, trailingZeros } from './tree-math';

/**
 * Where each hash of the tree is stored: one dense sequence in the order the hashes come into
 * being as leaves are appended (Crosby and Wallach, "Efficient Data Structures for Tamper-Evident
 * Logging", §3.3; the layout of Go's golang.org/x/mod/sumdb/tlog, index for index). Appending leaf
 * n writes its leaf hash, then the hash of every complete subtree that leaf closes, so the store
 * only ever grows at its end and each hash is written once.
 *
 * (level, n) names the n-th complete subtree of 2^level leaves: level 0 is the leaves, the hash at
 * (level, n) covers leaves [n·2^level, (n+1)·2^level).
 */
export function storedHashIndex(level: number, n: number): number {
  checkCount('level', level, 0);
  checkCount('n', n, 0);
  // The subtree (level, n) is complete once its last leaf, n·2^level + 2^level − 1, is appended,
  // and its hash is the level-th one written after that leaf's own.
  const lastLeaf = (n + 1) * 2 ** level - 1;
  if (lastLeaf >= MAX_TREE_SIZE) {
    throw new MerkleArgumentError(`subtree (${level}, ${n}) lies beyond a tree of 2^51 leaves`);
  }
  return leafHashIndex(lastLeaf) + level;
}

/**
 * Where leaf `leaf`'s hash is stored: after every hash written by the leaves before it. Leaf i
 * writes 1 + trailingZeros(i + 1) hashes, and those sum to leaf + ⌊leaf/2⌋ + ⌊leaf/4⌋ + …
 */
function leafHashIndex(leaf: number): number {
  let index = 0;
  for (let x = leaf; x > 0; x = Math.floor(x / 2)) index += x;
  return index;
}

/** How many hashes appending leaf `leaf` stores: its own, then one per subtree it completes. */
export function hashesStoredBy(leaf: number): number {
  return 1 + trailingZeros(checkCount('leaf index', leaf, 0) + 1);
}

/** The (level, n) stored at `index`: storedHashIndex's inverse. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  if (!Number.isInteger(index) || index < 0 || index >= storedHashCount(MAX_TREE_SIZE)) {
    throw new MerkleArgumentError(
      `a stored hash index is an integer from 0 to 2^52 − 2, got ${String(index)}`,
    );
  }
  // leafHashIndex(leaf) is in [leaf, 2·leaf], so the leaf that wrote `index` is no earlier than
  // index/2 and a few steps (one per level) past it.
  let leaf = Math.floor(index / 2);
  let at = leafHashIndex(leaf);
  for (;;) {
    const next = at + 1 + trailingZeros(leaf + 1);
    if (next > index) break;
    leaf++;
    at = next;
  }
  const level = index - at;
  return { level, n: Math.floor(leaf / 2 ** level) };
}

/** How many hashes a tree of `size` leaves has stored: under 2 × size. */
export function storedHashCount(size: number): number {
  checkCount('size', size, 0);
  if (size === 0) return 0;
  const last = size - 1;
  return leafHashIndex(last) + 1 + trailingZeros(last + 1);
}
