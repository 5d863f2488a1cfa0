import { compileQuery } from './compile-query';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';

export type Row = Readonly<Record<string, unknown>>;
export type QueryResult = unknown[] | Record<string, unknown> | number;

/**
 * TrueNAS `filter_list` (MW-26 semantics, first `order_by` key primary): validates `filters`
 * and `options` (and `limits`), then filters, selects, counts, orders, gets and pages `rows`
 * (Row objects, or any record type such as SessionRow). Rows are read lazily and never mutated;
 * unselected results are the input objects themselves. Throws QueryValidationError,
 * QueryCallError or MatchNotFoundError. The whole query at once: see compileQuery for steps.
 */
export function filterList(
  rows: Iterable<object>,
  filters: unknown,
  options: unknown,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): QueryResult {
  return compileQuery(filters, options, limits).run(rows);
}
