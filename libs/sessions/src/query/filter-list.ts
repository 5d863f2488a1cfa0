import { compileFilters, type RowPredicate } from './compile-filters';
import { orderRows } from './order-by';
import { MatchNotFoundError, QueryValidationError } from './query-error';
import { compileSelect, type RowSelector } from './select';
import { checkOptionCombination, type NormalizedOptions } from './validate-options';
import { parseQuery } from './validate-query';

export type Row = Readonly<Record<string, unknown>>;
export type QueryResult = unknown[] | Record<string, unknown> | number;

type Projected = Record<string, unknown>;

interface Plan {
  readonly predicate: RowPredicate | null;
  readonly project: (row: object) => Projected;
  readonly options: NormalizedOptions;
}

function firstMatch(rows: Iterable<object>, plan: Plan): Projected {
  for (const row of rows) {
    if (plan.predicate === null || plan.predicate(row)) return plan.project(row);
  }
  throw new MatchNotFoundError();
}

function countMatches(rows: Iterable<object>, plan: Plan, select: RowSelector | null): number {
  let n = 0;
  for (const row of rows) {
    if (plan.predicate !== null && !plan.predicate(row)) continue;
    if (select !== null) select(row);
    n++;
  }
  return n;
}

/** Unordered page: stops reading rows once offset + limit matches were seen. */
function unorderedPage(rows: Iterable<object>, plan: Plan): Projected[] {
  const { offset, limit } = plan.options;
  const end = limit ? offset + limit : Infinity;
  const out: Projected[] = [];
  let seen = 0;
  for (const row of rows) {
    if (plan.predicate !== null && !plan.predicate(row)) continue;
    seen++;
    if (seen > offset) out.push(plan.project(row));
    if (seen >= end) break;
  }
  return out;
}

function orderedResult(rows: Iterable<object>, plan: Plan): Projected[] | Projected {
  const matched: Projected[] = [];
  for (const row of rows) {
    if (plan.predicate === null || plan.predicate(row)) matched.push(plan.project(row));
  }
  const { offset, limit, get } = plan.options;
  const wanted = get ? 1 : limit ? offset + limit : undefined;
  const ordered = orderRows(matched, plan.options.orderBy, wanted);
  if (get) {
    if (ordered.length === 0) throw new MatchNotFoundError();
    return ordered[0];
  }
  return ordered.slice(offset, limit ? offset + limit : undefined);
}

/**
 * TrueNAS `filter_list` (MW-26 semantics, first `order_by` key primary): validates `filters`
 * and `options`, then filters, selects, counts, orders, gets and pages `rows` (Row objects, or
 * any record type such as SessionRow). Rows are read lazily and never mutated; unselected
 * results are the input objects themselves. Throws
 * QueryValidationError, QueryCallError or MatchNotFoundError.
 */
export function filterList(
  rows: Iterable<object>,
  filters: unknown,
  options: unknown,
): QueryResult {
  const parsed = parseQuery(filters, options);
  if (parsed.errors.length > 0) throw new QueryValidationError(parsed.errors);
  const opts = parsed.options;
  checkOptionCombination(opts);
  const select = opts.select.length > 0 ? compileSelect(opts.select) : null;
  const plan: Plan = {
    predicate: compileFilters(parsed.filters),
    project: select ?? ((row) => row as Projected),
    options: opts,
  };
  const unordered = opts.orderBy.length === 0;
  if (opts.get && unordered && plan.predicate !== null) return firstMatch(rows, plan);
  if (opts.count) return countMatches(rows, plan, select);
  if (!unordered) return orderedResult(rows, plan);
  if (opts.get) return firstMatch(rows, plan);
  return unorderedPage(rows, plan);
}
