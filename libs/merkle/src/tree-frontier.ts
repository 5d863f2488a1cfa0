import { type Hash, HASH_SIZE, isHash, writeLeafHash, writeNodeHash } from './hashes';
import { type HashReader, readHashes } from './hash-reader';
import { HashReadError, MerkleArgumentError } from './merkle-errors';
import { storedHashIndex } from './stored-index';
import { checkCount, trailingZeros } from './tree-math';

/**
 * The right edge of a tree: for each level, the hash of the newest complete subtree of that level,
 * which is all that appending the next leaf reads (its left siblings). An appender that keeps it
 * computes each leaf's stored hashes with no reads and no index arithmetic; the same hashes as
 * storedHashesForLeafHash, written into one buffer (the row a store keeps for that leaf).
 */
export class TreeFrontier {
  /** levels[l]: the newest complete subtree of 2^l leaves, where it is a left sibling to come. */
  private readonly levels: Hash[] = [];

  private constructor(private leaves: number) {}

  /** How many leaves the tree has. */
  get size(): number {
    return this.leaves;
  }

  /**
   * The frontier of the tree of `size` leaves whose stored hashes `read` answers: one read of the
   * subtrees that are left siblings of leaves to come (one per 1 bit of size).
   */
  static read(size: number, read: HashReader): TreeFrontier {
    const frontier = new TreeFrontier(checkCount('tree size', size, 0));
    const levels = TreeFrontier.leftLevels(size);
    const indexes = levels.map((level) =>
      storedHashIndex(level, Math.floor(size / 2 ** level) - 1),
    );
    readHashes(read, indexes).forEach((hash, i) => (frontier.levels[levels[i]] = hash));
    return frontier;
  }

  /**
   * The levels whose newest subtree a later leaf joins: those of the 1 bits of `size` (a subtree
   * that is a right child is replaced before any leaf reads its level).
   */
  private static leftLevels(size: number): number[] {
    const levels: number[] = [];
    for (let level = 0, rest = size; rest > 0; level++, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) levels.push(level);
    }
    return levels;
  }

  /**
   * Appends the leaf whose hash is `leaf`: returns its stored hashes (the leaf's, then one per
   * complete subtree it closes, in storedHashIndex order) as one buffer of 32-byte hashes.
   */
  append(leaf: Hash): Buffer {
    if (!isHash(leaf)) {
      throw new MerkleArgumentError(`a leaf hash is 32 bytes, got ${leaf.length}`);
    }
    const row = this.newRow();
    row.set(leaf, 0);
    return this.close(row);
  }

  /** append(leafHash(text)), with the leaf's hash written straight into the row. */
  appendText(text: string): Buffer {
    const row = this.newRow();
    writeLeafHash(text, row, 0);
    return this.close(row);
  }

  /** The row the next leaf fills: its hash and one per subtree it closes. */
  private newRow(): Buffer {
    return Buffer.allocUnsafe((trailingZeros(this.leaves + 1) + 1) * HASH_SIZE);
  }

  /** Fills `row` after its leaf hash, moves the frontier on to it, and returns it. */
  private close(row: Buffer): Buffer {
    const closed = row.length / HASH_SIZE - 1;
    for (let level = 0; level < closed; level++) {
      const left = this.levels[level];
      if (left === undefined) {
        throw new HashReadError(`the frontier has no subtree at level ${level}`);
      }
      const right = row.subarray(level * HASH_SIZE, (level + 1) * HASH_SIZE);
      writeNodeHash(left, right, row, (level + 1) * HASH_SIZE);
      this.levels[level] = right;
    }
    this.levels[closed] = row.subarray(closed * HASH_SIZE);
    this.leaves = checkCount('tree size', this.leaves + 1, 1);
    return row;
  }
}
