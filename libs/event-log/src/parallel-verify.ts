import type { VerifyResult } from './event-log';
import type { ReadPool } from './read-pool';
import { VERIFY_JOBS } from './verify-jobs';

/**
 * Verifies [fromSeq, toSeq] in `parts` contiguous ranges at once on the pool's threads. Each
 * range starts from the stored hash before it, which the range before checks, so the result is
 * the same as one walk: the first failing range decides.
 */
export async function verifyInPool(
  pool: ReadPool,
  fromSeq: number,
  toSeq: number,
  parts: number,
): Promise<VerifyResult> {
  const span = toSeq - fromSeq + 1;
  const size = Math.max(1, Math.ceil(span / parts));
  const ranges: [number, number][] = [];
  for (let start = fromSeq; start <= toSeq; start += size)
    ranges.push([start, Math.min(toSeq, start + size - 1)]);
  if (ranges.length === 0) ranges.push([fromSeq, toSeq]);
  const results = await pool.runAll<VerifyResult>(
    ranges.map(([from, to]) => ({
      module: VERIFY_JOBS,
      name: 'verify',
      payload: { fromSeq: from, toSeq: to },
    })),
  );
  let checked = 0;
  for (const result of results) {
    if (!result.ok) return { ...result, checked: checked + result.checked };
    checked += result.checked;
  }
  return { ok: true, checked };
}
