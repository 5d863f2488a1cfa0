import type { QueryCursor } from '@authtrail/filter-list';
import { FIRST_SLICE_MS, type QueryTurns } from './query-turns';

/** Wall time one slice of a query may take before the event loop gets a turn. */
export const SLICE_MS = 5;
/**
 * Rows per step unless the query says otherwise (`rowsPerStep`): one, so that even the costliest
 * rows the limits allow end a slice soon.
 */
export const STEP_ROWS = 1;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a query cursor in slices of about `sliceMs` of wall time, letting the event loop turn
 * (ingest, other requests) between them. A query that ends within its first slice never waits
 * for the event loop. With `turns`, the first slice is FIRST_SLICE_MS and each later one waits
 * for its turn there (QueryTurns: queries share the event loop with ingest).
 */
export async function runInSlices<T>(
  cursor: QueryCursor<T>,
  sliceMs = SLICE_MS,
  stepRows = STEP_ROWS,
  turns?: QueryTurns,
): Promise<T> {
  const turn = turns?.start();
  for (let first = true; ; first = false) {
    const started = performance.now();
    const until = started + (turn && first ? Math.min(sliceMs, FIRST_SLICE_MS) : sliceMs);
    let finished = false;
    try {
      do {
        finished = cursor.step(stepRows);
      } while (!finished && performance.now() < until);
    } catch (error) {
      turn?.done(performance.now() - started);
      throw error;
    }
    if (finished) {
      turn?.done(performance.now() - started);
      return cursor.result();
    }
    if (turn) await turn.next(performance.now() - started);
    else await nextTurn();
  }
}
