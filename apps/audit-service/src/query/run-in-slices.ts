import type { QueryCursor } from '@authtrail/filter-list';

/** Wall time one slice of a query may take before the event loop gets a turn. */
export const SLICE_MS = 10;
/**
 * Rows per step unless the query says otherwise (`rowsPerStep`): one, so that even the costliest
 * rows the limits allow end a slice soon.
 */
export const STEP_ROWS = 1;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a query cursor in slices of about `sliceMs` of wall time, letting the event loop turn
 * (ingest, other requests) between them. A query that ends within its first slice never waits.
 */
export async function runInSlices<T>(
  cursor: QueryCursor<T>,
  sliceMs = SLICE_MS,
  stepRows = STEP_ROWS,
): Promise<T> {
  for (;;) {
    const until = performance.now() + sliceMs;
    do {
      if (cursor.step(stepRows)) return cursor.result();
    } while (performance.now() < until);
    await nextTurn();
  }
}
