/** A seq range of one `audit.log.verify` request (both ends inclusive). */
export interface VerifyRange {
  from_seq: number;
  to_seq: number;
}

/** How many entries one `audit.log.verify` request covers. */
export const VERIFY_RANGE_SIZE = 100_000;

/**
 * The ranges that verify `from`..`to` (inclusive) in requests of at most `size` seqs each, in
 * order; none when `to` < `from` (e.g. an empty log).
 */
export function planVerifyRanges(
  from: number,
  to: number,
  size: number = VERIFY_RANGE_SIZE,
): VerifyRange[] {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`bad range size ${size}`);
  const ranges: VerifyRange[] = [];
  for (let start = from; start <= to; start += size) {
    ranges.push({ from_seq: start, to_seq: Math.min(to, start + size - 1) });
  }
  return ranges;
}
