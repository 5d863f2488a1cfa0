import { MerkleArgumentError } from './merkle-errors';

/**
 * The largest tree the arithmetic serves: its stored hash indexes (under 2 × size) stay exact in a
 * JavaScript number. Tree sizes are plain numbers so that they match the log's sequence numbers.
 */
export const MAX_TREE_SIZE = 2 ** 51;

/** `value` if it is an integer in [min, MAX_TREE_SIZE]; a MerkleArgumentError naming it otherwise. */
export function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > MAX_TREE_SIZE) {
    throw new MerkleArgumentError(
      `${name} must be an integer from ${min} to 2^51, got ${String(value)}`,
    );
  }
  return value;
}

/** How many times 2 divides n (n ≥ 1); arithmetic, not bit operators, which stop at 32 bits. */
export function trailingZeros(n: number): number {
  let zeros = 0;
  for (let x = n; x > 0 && x % 2 === 0; x /= 2) zeros++;
  return zeros;
}

/**
 * The split point of RFC 6962's MTH over n ≥ 2 leaves: the largest power of two k < n, with its
 * level (k = 2^level). The left subtree is always complete, the right one takes the rest.
 */
export function splitPoint(n: number): { k: number; level: number } {
  let k = 1;
  let level = 0;
  while (k * 2 < n) {
    k *= 2;
    level++;
  }
  return { k, level };
}
