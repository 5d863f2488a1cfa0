import fc from 'fast-check';
import { MerkleArgumentError } from './merkle-errors';
import { MAX_TREE_SIZE } from './tree-math';
import {
  hashesStoredBy,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
} from './stored-index';

describe('stored hash layout', () => {
  it('stores hashes in the order appends create them (as Go sumdb/tlog)', () => {
    // Leaf 0; leaf 1 and (1,0); leaf 2; leaf 3, (1,1), (2,0); leaf 4; leaf 5, (1,2); …
    const order = [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 2],
      [0, 3],
      [1, 1],
      [2, 0],
      [0, 4],
      [0, 5],
      [1, 2],
      [0, 6],
      [0, 7],
      [1, 3],
      [2, 1],
      [3, 0],
    ];
    expect(order.map(([level, n]) => storedHashIndex(level, n))).toEqual(order.map((_, i) => i));
  });

  it('splits every index back into its (level, n), as Go checks for levels < 10 and n < 100', () => {
    for (let level = 0; level < 10; level++) {
      for (let n = 0; n < 100; n++) {
        expect(splitStoredHashIndex(storedHashIndex(level, n))).toEqual({ level, n });
      }
    }
  });

  it('splits and rebuilds indexes up to 2^51 leaves', () => {
    expect(splitStoredHashIndex(storedHashIndex(0, MAX_TREE_SIZE - 1))).toEqual({
      level: 0,
      n: MAX_TREE_SIZE - 1,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 51 }),
        fc.integer({ min: 0, max: MAX_TREE_SIZE - 1 }),
        (l, x) => {
          const n = Math.floor(x / 2 ** l);
          expect(splitStoredHashIndex(storedHashIndex(l, n))).toEqual({ level: l, n });
        },
      ),
    );
  });

  it('counts under two stored hashes per leaf: the next leaf is stored right after them', () => {
    expect([0, 1, 2, 3, 4, 5, 8].map(storedHashCount)).toEqual([0, 1, 3, 4, 7, 8, 15]);
    for (let size = 0; size < 2000; size++) {
      expect(storedHashCount(size)).toBe(storedHashIndex(0, size));
      expect(storedHashCount(size)).toBeLessThan(2 * size + 1);
    }
  });

  it('says how many hashes each leaf stores: its own, then one per subtree it completes', () => {
    expect([0, 1, 2, 3, 7].map(hashesStoredBy)).toEqual([1, 2, 1, 3, 4]);
    for (let leaf = 0; leaf < 2000; leaf++) {
      expect(hashesStoredBy(leaf)).toBe(storedHashCount(leaf + 1) - storedHashCount(leaf));
    }
    expect(() => hashesStoredBy(-1)).toThrow(MerkleArgumentError);
  });

  it('refuses coordinates no tree of 2^51 leaves has', () => {
    expect(() => storedHashIndex(-1, 0)).toThrow(MerkleArgumentError);
    expect(() => storedHashIndex(0, 0.5)).toThrow(MerkleArgumentError);
    expect(() => storedHashIndex(52, 0)).toThrow('subtree (52, 0) lies beyond a tree of 2^51');
    expect(() => splitStoredHashIndex(-1)).toThrow(MerkleArgumentError);
    expect(splitStoredHashIndex(2 ** 52 - 2)).toEqual({ level: 51, n: 0 });
    expect(() => splitStoredHashIndex(2 ** 52 - 1)).toThrow(
      'a stored hash index is an integer from 0 to 2^52 − 2, got 4503599627370495',
    );
    expect(() => storedHashCount(Number.NaN)).toThrow(MerkleArgumentError);
  });
});
