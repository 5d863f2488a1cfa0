import { NaiveTree } from '../../../test/fixtures/merkle/naive-tree';
import { leafHash } from './hashes';
import { type HashReader } from './hash-reader';
import { rangeHashes } from './leaf-ranges';
import { MemoryHashStore } from './memory-hash-store';

describe('rangeHashes', () => {
  const store = new MemoryHashStore();
  const leaves = Array.from({ length: 13 }, (_, i) => leafHash(`entry ${i}`));
  leaves.forEach((leaf) => store.appendLeafHash(leaf));
  const naive = new NaiveTree(leaves);

  it('gives MTH of each aligned range, from one read', () => {
    const ranges = [
      { lo: 0, hi: 13 },
      { lo: 8, hi: 13 },
      { lo: 12, hi: 13 },
      { lo: 4, hi: 8 },
      { lo: 0, hi: 6 },
    ];
    let calls = 0;
    const read: HashReader = (indexes) => (calls++, store.read(indexes));
    expect(rangeHashes(ranges, read)).toEqual(ranges.map(({ lo, hi }) => naive.root(lo, hi)));
    expect(calls).toBe(1);
  });

  it('reads nothing for no ranges', () => {
    expect(rangeHashes([], () => [])).toEqual([]);
  });
});
