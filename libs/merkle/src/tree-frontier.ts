import {
  type Hash,
  HASH_SIZE,
  isHash,
  writeLeafHash,
  writeNodeHashAt,
  writePrefixedLeafHash,
} from './hashes';
import { type HashReader, readHashes } from './hash-reader';
import { HashReadError, MerkleArgumentError } from './merkle-errors';
import { storedHashIndex } from './stored-index';
import { checkCount, trailingZeros } from './tree-math';

/** Levels a tree of at most MAX_TREE_SIZE leaves has (2^53: 54 levels), with room to spare. */
const MAX_LEVELS = 64;

/**
 * The right edge of a tree: for each level, the hash of the newest complete subtree of that level,
 * which is all that appending the next leaf reads (its left siblings). An appender that keeps it
 * computes each leaf's stored hashes with no reads and no index arithmetic; the same hashes as
 * storedHashesForLeafHash, written into one buffer (the row a store keeps for that leaf).
 */
export class TreeFrontier {
  /**
   * The subtree hashes by level, copied into one buffer (hash l at l * HASH_SIZE), and which levels
   * have one: levels[l] is the newest complete subtree of 2^l leaves, where it is a left sibling
   * to come. Copies, not views of the rows: a row buffer can be reused once written.
   */
  private readonly levels = Buffer.alloc(MAX_LEVELS * HASH_SIZE);
  private readonly known: boolean[] = [];

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
    readHashes(read, indexes).forEach((hash, i) => frontier.keep(levels[i], hash, 0));
    return frontier;
  }

  /**
   * The frontier of the tree of `size` leaves from its edge (what edge() gave at that size): the
   * hashes of the subtrees a later leaf joins, lowest level first.
   */
  static fromEdge(size: number, edge: readonly Hash[]): TreeFrontier {
    const frontier = new TreeFrontier(checkCount('tree size', size, 0));
    const levels = TreeFrontier.leftLevels(size);
    if (edge.length !== levels.length || !edge.every(isHash)) {
      throw new MerkleArgumentError(
        `the edge of a tree of size ${size} is ${levels.length} hashes of 32 bytes`,
      );
    }
    levels.forEach((level, i) => frontier.keep(level, edge[i], 0));
    return frontier;
  }

  /** The hashes fromEdge() needs to stand where this frontier stands: one per 1 bit of size. */
  edge(): Hash[] {
    return TreeFrontier.leftLevels(this.leaves).map((level) =>
      Buffer.from(this.levels.subarray(level * HASH_SIZE, (level + 1) * HASH_SIZE)),
    );
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
    this.close(row, 0);
    return row;
  }

  /** append(leafHash(text)), with the leaf's hash written straight into the row. */
  appendText(text: string): Buffer {
    const row = this.newRow();
    writeLeafHash(text, row, 0);
    this.close(row, 0);
    return row;
  }

  /**
   * appendText(text), its hashes written into `out` from `offset` instead of a new buffer (a
   * store's row of several leaves, filled in place); returns how many bytes they took.
   */
  appendTextInto(text: string, out: Buffer, offset: number): number {
    const bytes = this.roomIn(out, offset);
    writeLeafHash(text, out, offset);
    this.close(out, offset);
    return bytes;
  }

  /**
   * appendTextInto() of the leaf whose data is given after its leaf prefix (`prefixed[0]` is
   * 0x00): the data as bytes already laid out, with no copy to join the prefix.
   */
  appendPrefixedInto(prefixed: Uint8Array, out: Buffer, offset: number): number {
    const bytes = this.roomIn(out, offset);
    writePrefixedLeafHash(prefixed, out, offset);
    this.close(out, offset);
    return bytes;
  }

  /** The bytes the next leaf stores, which must fit in `out` from `offset`. */
  private roomIn(out: Buffer, offset: number): number {
    const bytes = this.rowBytes();
    if (offset + bytes > out.length) {
      throw new MerkleArgumentError(
        `leaf ${this.leaves} stores ${bytes} bytes, ${out.length - offset} are left`,
      );
    }
    return bytes;
  }

  /** The bytes the next leaf stores: its hash and one per subtree it closes. */
  private rowBytes(): number {
    return (trailingZeros(this.leaves + 1) + 1) * HASH_SIZE;
  }

  private newRow(): Buffer {
    return Buffer.allocUnsafe(this.rowBytes());
  }

  /** Keeps the 32 bytes of `from` at `at` as the newest subtree of `level`. */
  private keep(level: number, from: Uint8Array, at: number): void {
    if (Buffer.isBuffer(from)) from.copy(this.levels, level * HASH_SIZE, at, at + HASH_SIZE);
    else this.levels.set(from.subarray(at, at + HASH_SIZE), level * HASH_SIZE);
    this.known[level] = true;
  }

  /**
   * Fills the row at `offset` of `row`, whose leaf hash is written, with the hash of each subtree
   * the leaf closes, and moves the frontier on to it.
   */
  private close(row: Buffer, offset: number): void {
    const closed = trailingZeros(this.leaves + 1);
    for (let level = 0; level < closed; level++) {
      if (this.known[level] !== true) {
        throw new HashReadError(`the frontier has no subtree at level ${level}`);
      }
      const right = offset + level * HASH_SIZE;
      writeNodeHashAt(this.levels, level * HASH_SIZE, row, right, right + HASH_SIZE);
      this.keep(level, row, right);
    }
    this.keep(closed, row, offset + closed * HASH_SIZE);
    this.leaves = checkCount('tree size', this.leaves + 1, 1);
  }
}
