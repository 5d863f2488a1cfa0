import fc from 'fast-check';
import { NaiveTree } from '../../../test/fixtures/merkle/naive-tree';
import { consistencyProof, verifyConsistency } from './consistency-proof';
import { type Hash, leafHash, sameHash } from './hashes';
import { inclusionProof, verifyInclusion } from './inclusion-proof';
import { MemoryHashStore } from './memory-hash-store';
import { treeHash } from './tree-hash';

/**
 * Every size up to N = 1,000 leaves (what the log must serve at least): roots from the stored
 * hashes equal RFC 6962's MTH computed by plain recursion, and sampled inclusion and consistency
 * proofs equal PATH and PROOF, and verify.
 */
const N = 1000;
const store = new MemoryHashStore();
const leaves: Hash[] = [];
for (let i = 0; i < N; i++) {
  store.append(`{"seq":${i + 1}}`);
  leaves.push(leafHash(`{"seq":${i + 1}}`));
}
const naive = new NaiveTree(leaves);
const hex = (hashes: readonly Hash[]) => hashes.map((h) => Buffer.from(h).toString('hex'));
const roots = [treeHash(0, store.read)];
for (let size = 1; size <= N; size++) roots.push(treeHash(size, store.read));

/** Sizes near the powers of two, where the tree's shape changes, besides random ones. */
const size = fc
  .oneof(
    fc.integer({ min: 1, max: N }),
    fc.integer({ min: 0, max: 9 }).chain((l) => fc.constantFrom(2 ** l - 1, 2 ** l, 2 ** l + 1)),
  )
  .filter((n) => n >= 1 && n <= N);

describe('the stored tree against RFC 6962 by recursion', () => {
  it(`has the root MTH(D[n]) for every size from 0 to ${N}`, () => {
    const wrong = roots.flatMap((root, n) => (sameHash(root, naive.root(0, n)) ? [] : [n]));
    expect(wrong).toEqual([]);
  });

  it('proves inclusion with PATH(m, D[n]), and the proof verifies against the root', () => {
    const pair = size.chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n)));
    fc.assert(
      fc.property(pair, ([m, n]) => {
        const proof = inclusionProof(m, n, store.read);
        expect(hex(proof)).toEqual(hex(naive.path(m, n)));
        expect(verifyInclusion(leaves[m], m, n, proof, roots[n])).toBe(true);
        if (n > 1) {
          const other = (m + 1) % n;
          expect(verifyInclusion(leaves[m], other, n, proof, roots[n])).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('proves consistency with PROOF(m, D[n]), and the proof verifies against both roots', () => {
    const pair = fc.tuple(size, size).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
    fc.assert(
      fc.property(pair, ([m, n]) => {
        const proof = consistencyProof(m, n, store.read);
        expect(hex(proof)).toEqual(hex(naive.consistency(m, n)));
        expect(verifyConsistency(m, n, roots[m], roots[n], proof)).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, roots[m], roots[n - 1], proof)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
