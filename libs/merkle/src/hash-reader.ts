import { type Hash, isHash } from './hashes';
import { HashReadError } from './merkle-errors';

/**
 * Reads stored hashes by their storedHashIndex, answering in the order asked. Each computation
 * here asks once, for O(log n) distinct indexes in increasing order, so a store can serve it with
 * one query and one forward pass.
 */
export type HashReader = (indexes: readonly number[]) => readonly Hash[];

/**
 * The hashes at `indexes` (any order, repeats allowed), through one call of `read` with the same
 * indexes sorted and without repeats; an answer that is not one hash per index is refused.
 */
export function readHashes(read: HashReader, indexes: readonly number[]): Hash[] {
  if (indexes.length === 0) return [];
  const asked = [...new Set(indexes)].sort((a, b) => a - b);
  const hashes = read(asked);
  if (hashes.length !== asked.length) {
    throw new HashReadError(`asked for ${asked.length} stored hashes, got ${hashes.length}`);
  }
  const bad = hashes.findIndex((hash) => !isHash(hash));
  if (bad >= 0) {
    const found = hashes[bad];
    const what = found instanceof Uint8Array ? `${found.length} bytes, not 32` : 'not a hash';
    throw new HashReadError(`stored hash ${asked[bad]} is ${what}`);
  }
  const byIndex = new Map(asked.map((index, i) => [index, hashes[i]]));
  return indexes.map((index) => byIndex.get(index)!);
}
