import fc from 'fast-check';
import { consistencyProof } from './consistency-proof';
import { leafHash } from './hashes';
import { type HashReader } from './hash-reader';
import { inclusionProof } from './inclusion-proof';
import { storedHashesFor } from './stored-hashes';
import { storedHashCount } from './stored-index';
import { treeHash } from './tree-hash';

/**
 * Root, proofs and appends read O(log n) stored hashes, in one batch, of hashes a tree of that
 * size has stored. Counting reads needs no real tree: the reader makes up a hash per index.
 */
function countingReader(size: number): { read: HashReader; calls: number[][] } {
  const calls: number[][] = [];
  const stored = storedHashCount(size);
  const read: HashReader = (indexes) => {
    calls.push([...indexes]);
    for (const [i, index] of indexes.entries()) {
      if (index >= stored) throw new Error(`index ${index} is not stored at size ${size}`);
      if (i > 0 && index <= indexes[i - 1]) throw new Error('indexes out of order');
    }
    return indexes.map((index) => leafHash(String(index)));
  };
  return { read, calls };
}

/** How many hashes one computation read, checking it read them in a single call. */
function readsOf(size: number, compute: (read: HashReader) => unknown): number {
  const { read, calls } = countingReader(size);
  compute(read);
  expect(calls.length).toBeLessThanOrEqual(1);
  return calls.flat().length;
}

describe.each([1_000_000, 2 ** 40 + 12345])('stored-hash reads in a tree of %d leaves', (n) => {
  const log = Math.ceil(Math.log2(n));

  it('the root reads at most 1 + log₂ n', () => {
    expect(readsOf(n, (read) => treeHash(n, read))).toBeLessThanOrEqual(1 + log);
  });

  it('an inclusion proof reads at most 2 log₂ n, whatever the leaf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n - 1 }), (index) => {
        expect(readsOf(n, (read) => inclusionProof(index, n, read))).toBeLessThanOrEqual(2 * log);
      }),
      { numRuns: 200 },
    );
    expect(readsOf(n, (read) => inclusionProof(n - 1, n, read))).toBeLessThanOrEqual(2 * log);
  });

  it('a consistency proof reads at most 2 log₂ n, from any earlier size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: n }), (from) => {
        expect(readsOf(n, (read) => consistencyProof(from, n, read))).toBeLessThanOrEqual(2 * log);
      }),
      { numRuns: 200 },
    );
  });

  it('appending a leaf reads at most log₂ n earlier hashes (one per subtree it closes)', () => {
    for (const leaf of [n - 1, n, 2 ** 19 - 1]) {
      // Before leaf `leaf` is appended, the tree has `leaf` leaves.
      const reads = readsOf(leaf, (read) => storedHashesFor(leaf, 'entry', read));
      expect(reads).toBeLessThanOrEqual(log);
      if (leaf === 2 ** 19 - 1) expect(reads).toBe(19);
    }
  });
});

describe('stored-hash writes', () => {
  it('average under two per appended leaf', () => {
    for (const n of [1_000, 1_000_000, 2 ** 40 + 7]) {
      expect(storedHashCount(n) / n).toBeLessThan(2);
    }
  });
});
