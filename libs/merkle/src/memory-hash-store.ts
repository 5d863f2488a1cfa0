import { type Hash } from './hashes';
import { type HashReader } from './hash-reader';
import { HashReadError } from './merkle-errors';
import { storedHashesFor, storedHashesForLeafHash } from './stored-hashes';

/**
 * A tree's stored hashes in an array, laid out as storedHashIndex says: for tests, and for callers
 * that build a small tree in memory. A log's store does the same appends into durable storage.
 */
export class MemoryHashStore {
  private readonly hashes: Hash[] = [];
  private leaves = 0;

  /** How many leaves the tree has. */
  get size(): number {
    return this.leaves;
  }

  /** How many hashes are stored (storedHashCount(size)). */
  get hashCount(): number {
    return this.hashes.length;
  }

  /** Reads stored hashes by index; an index not yet written is a HashReadError. */
  readonly read: HashReader = (indexes) =>
    indexes.map((index) => {
      const hash = this.hashes[index];
      if (hash === undefined) throw new HashReadError(`no hash stored at ${index}`);
      return hash;
    });

  /** Appends one leaf's data; returns the tree's new size. */
  append(data: Uint8Array | string): number {
    return this.store(storedHashesFor(this.leaves, data, this.read));
  }

  /** Appends one leaf by its hash; returns the tree's new size. */
  appendLeafHash(hash: Hash): number {
    return this.store(storedHashesForLeafHash(this.leaves, hash, this.read));
  }

  private store(hashes: Hash[]): number {
    this.hashes.push(...hashes);
    return ++this.leaves;
  }
}
