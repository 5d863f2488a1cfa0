import { MerkleArgumentError } from './merkle-errors';
import { MAX_TREE_SIZE, checkCount, splitPoint, trailingZeros } from './tree-math';

describe('tree arithmetic', () => {
  it('accepts integer counts in range and names what it refuses', () => {
    expect(checkCount('size', 0, 0)).toBe(0);
    expect(checkCount('size', MAX_TREE_SIZE, 1)).toBe(MAX_TREE_SIZE);
    expect(() => checkCount('size', 0, 1)).toThrow(
      new MerkleArgumentError('size must be an integer from 1 to 2^51, got 0'),
    );
    for (const bad of [-1, 1.5, NaN, Infinity, MAX_TREE_SIZE + 1]) {
      expect(() => checkCount('index', bad, 0)).toThrow(MerkleArgumentError);
    }
  });

  it('counts trailing zero bits past 32 bits', () => {
    expect([1, 2, 3, 4, 12, 2 ** 40, 3 * 2 ** 45].map(trailingZeros)).toEqual([
      0, 1, 0, 2, 2, 40, 45,
    ]);
  });

  it('splits n leaves at the largest power of two below n', () => {
    expect(splitPoint(2)).toEqual({ k: 1, level: 0 });
    expect(splitPoint(3)).toEqual({ k: 2, level: 1 });
    expect(splitPoint(8)).toEqual({ k: 4, level: 2 });
    expect(splitPoint(9)).toEqual({ k: 8, level: 3 });
    expect(splitPoint(2 ** 40 + 1)).toEqual({ k: 2 ** 40, level: 40 });
  });
});
