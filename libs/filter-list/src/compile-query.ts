import { compileFilters, type RowPredicate } from './compile-filters';
import { CollectedDateKeys, orderRowsSteps } from './order-by';
import { MatchNotFoundError, QueryValidationError } from './query-error';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';
import { compileSelect, type RowSelector } from './select';
import { checkOptionCombination, type NormalizedOptions } from './validate-options';
import { parseQuery } from './validate-query';
import type { Steps, WorkBudget } from './work-steps';

export type Projected = Record<string, unknown>;

/**
 * A query run a few rows at a time. `step(maxRows)` reads at most `maxRows` input rows, or does
 * at most about `maxRows * SORT_WORK_PER_ROW` comparisons of ordering, and returns true once the
 * result is ready; `result()` then gives it (or throws MatchNotFoundError for a `get` without
 * a match). Errors of the query itself are thrown by `step`.
 */
export interface QueryCursor<T> {
  step(maxRows: number): boolean;
  result(): T;
}

interface Runnable<T> {
  /**
   * Rows a step should read: many when every row costs about the same little (comparisons,
   * lists, plain paths), one when a row can cost much (a regular expression or a
   * case-insensitive operator over a long stored value, a `*` path over a large object).
   */
  readonly rowsPerStep: number;
  /** The whole query at once, synchronously (`expectedRows` as for `start`). */
  run(rows: Iterable<object>, expectedRows?: number): T;
  /**
   * A cursor over `rows`, read lazily, step by step. `expectedRows`, about how many rows `rows`
   * gives when the caller knows (an array's length is taken by itself), lets an ordered query
   * make room for its matches at once instead of growing a list row by row; any number gives
   * the same result.
   */
  start(rows: Iterable<object>, expectedRows?: number): QueryCursor<T>;
}

/** What a compiled query was made of, for a caller that reads the rows from a store. */
interface QueryShape {
  /** The filters as validated: a store may narrow what it reads by them (never widen). */
  readonly filters: readonly unknown[];
  /** The options as validated, defaults filled in. */
  readonly options: NormalizedOptions;
  /**
   * The same query over rows that already come in its `order_by` order (a store read them so):
   * nothing is sorted, and a page stops reading once it is full. Nothing is compiled again.
   */
  inGivenOrder(): CompiledQuery;
}

/** A compiled query's runner, by mode. */
type ModeRunnable =
  | ({ readonly mode: 'count' } & Runnable<number>)
  | ({ readonly mode: 'get' } & Runnable<Projected>)
  | ({ readonly mode: 'rows' } & Runnable<Projected[]>);

/** A validated, compiled query; what it returns depends on its mode. */
export type CompiledQuery = QueryShape & ModeRunnable;

/** Rows per step of a query whose rows are all cheap (see Runnable.rowsPerStep). */
export const CHEAP_ROWS_PER_STEP = 64;

/** Whether a leaf of `filters` may cost much per row; iterative (filters are validated). */
function hasCostlyLeaf(filters: readonly unknown[]): boolean {
  const pending: unknown[] = [...filters];
  while (pending.length > 0) {
    const item = pending.pop();
    if (!Array.isArray(item)) continue;
    if (item.length === 3 && typeof item[1] === 'string') {
      const [field, op] = item as [unknown, string];
      if (op === '~' || op.startsWith('C')) return true;
      if (typeof field === 'string' && field.includes('*')) return true;
    } else {
      pending.push(...(item as unknown[]));
    }
  }
  return false;
}

/** Units of ordering work (about one comparison or key read each) per row of a step. */
export const SORT_WORK_PER_ROW = 256;

interface Plan {
  readonly predicate: RowPredicate | null;
  readonly project: (row: object) => Projected;
  readonly select: RowSelector | null;
  readonly options: NormalizedOptions;
}

const matches = (plan: Plan, row: object): boolean =>
  plan.predicate === null || plan.predicate(row);

/** Reads rows one by one, at most `maxRows` per step, calling `visit` until it says stop. */
abstract class RowCursor<T> implements QueryCursor<T> {
  private readonly iterator: Iterator<object>;
  private done = false;

  constructor(
    rows: Iterable<object>,
    protected readonly plan: Plan,
  ) {
    this.iterator = rows[Symbol.iterator]();
  }

  /** Handles one row; false to stop reading. */
  protected abstract visit(row: object): boolean;

  /** After the last row read: more steps to take (ordering), or true when done. */
  protected finish(_maxRows: number): boolean {
    return true;
  }

  abstract result(): T;

  step(maxRows: number): boolean {
    if (this.done) return true;
    let read = 0;
    while (read < maxRows) {
      const next = this.iterator.next();
      if (next.done) return (this.done = this.finish(maxRows - read));
      read++;
      if (!this.visit(next.value)) {
        this.iterator.return?.();
        return (this.done = this.finish(maxRows - read));
      }
    }
    return false;
  }
}

class FirstMatch extends RowCursor<Projected> {
  private found: Projected | undefined;

  protected visit(row: object): boolean {
    if (!matches(this.plan, row)) return true;
    this.found = this.plan.project(row);
    return false;
  }

  result(): Projected {
    if (this.found === undefined) throw new MatchNotFoundError();
    return this.found;
  }
}

class Count extends RowCursor<number> {
  private n = 0;

  protected visit(row: object): boolean {
    if (!matches(this.plan, row)) return true;
    if (this.plan.select !== null) this.plan.select(row);
    this.n++;
    return true;
  }

  result(): number {
    return this.n;
  }
}

/** Unordered page: stops reading rows once offset + limit matches were seen. */
class Page extends RowCursor<Projected[]> {
  private readonly out: Projected[] = [];
  private seen = 0;

  protected visit(row: object): boolean {
    if (!matches(this.plan, row)) return true;
    const { offset, limit } = this.plan.options;
    this.seen++;
    if (this.seen > offset) this.out.push(this.plan.project(row));
    return !limit || this.seen < offset + limit;
  }

  result(): Projected[] {
    return this.out;
  }
}

/**
 * Most matches an ordered query makes room for at once (128 KB of references): a longer list
 * would be a large object, freed by no collection but a full one, and matches fewer than
 * expected leave the rest unused.
 */
export const MAX_RESERVED_MATCHES = 16_384;

/** Collects the matches, then orders them in steps, then pages (or gets). */
class Ordered<T extends Projected | Projected[]> extends RowCursor<T> {
  /** The matches, in `matched[0 .. count)`; room made at once for as many as rows expected. */
  private readonly matched: Projected[];
  private count = 0;
  /** The first-applied ordering key, read from each match as it comes, while it is at hand. */
  private readonly dateKeys: CollectedDateKeys | undefined;
  private readonly work: WorkBudget = { left: 0 };
  private sorting: Steps<readonly Projected[]> | undefined;
  private ordered: readonly Projected[] | undefined;

  constructor(rows: Iterable<object>, plan: Plan, expectedRows: number | undefined) {
    super(rows, plan);
    const expected = expectedRows ?? (Array.isArray(rows) ? rows.length : 0);
    const room = Math.min(Math.max(Math.floor(expected), 0), MAX_RESERVED_MATCHES);
    // Growing a list by push copies it again and again: three times its size in garbage.
    this.matched = room > 0 ? new Array<Projected>(room) : [];
    this.dateKeys = CollectedDateKeys.of(plan.options.orderBy, room);
  }

  protected visit(row: object): boolean {
    if (!matches(this.plan, row)) return true;
    const match = this.plan.project(row);
    this.matched[this.count++] = match;
    this.dateKeys?.add(match);
    return true;
  }

  protected override finish(maxRows: number): boolean {
    const { offset, limit, get, orderBy } = this.plan.options;
    if (this.sorting === undefined) {
      this.matched.length = this.count;
      const wanted = get ? 1 : limit ? offset + limit : undefined;
      const keys = this.dateKeys?.result();
      this.sorting = orderRowsSteps(this.matched, orderBy, this.work, wanted, keys);
    }
    this.work.left = Math.max(maxRows, 1) * SORT_WORK_PER_ROW;
    const next = this.sorting.next();
    if (!next.done) return false;
    this.ordered = next.value;
    return true;
  }

  override step(maxRows: number): boolean {
    if (this.sorting !== undefined && this.ordered === undefined) return this.finish(maxRows);
    return super.step(maxRows);
  }

  result(): T {
    const ordered = this.ordered as readonly Projected[];
    const { offset, limit, get } = this.plan.options;
    if (get) {
      if (ordered.length === 0) throw new MatchNotFoundError();
      return ordered[0] as T;
    }
    return ordered.slice(offset, limit ? offset + limit : undefined) as T;
  }
}

type Start<T> = (rows: Iterable<object>, expectedRows?: number) => QueryCursor<T>;

function runnableWith<T>(rowsPerStep: number, start: Start<T>): Runnable<T> {
  return {
    rowsPerStep,
    start,
    run(rows, expectedRows) {
      const cursor = start(rows, expectedRows);
      while (!cursor.step(Infinity));
      return cursor.result();
    },
  };
}

/** The cursor a plan runs with: it follows from the options (ordered, counted, got, paged). */
function runnableOf(plan: Plan, rowsPerStep: number): ModeRunnable {
  const opts = plan.options;
  const runnable = <T>(start: Start<T>) => runnableWith(rowsPerStep, start);
  const unordered = opts.orderBy.length === 0;
  if (opts.get && unordered && plan.predicate !== null) {
    return { mode: 'get', ...runnable((rows) => new FirstMatch(rows, plan)) };
  }
  if (opts.count) return { mode: 'count', ...runnable((rows) => new Count(rows, plan)) };
  if (!unordered) {
    return opts.get
      ? { mode: 'get', ...runnable((rows, n) => new Ordered<Projected>(rows, plan, n)) }
      : { mode: 'rows', ...runnable((rows, n) => new Ordered<Projected[]>(rows, plan, n)) };
  }
  if (opts.get) return { mode: 'get', ...runnable((rows) => new FirstMatch(rows, plan)) };
  return { mode: 'rows', ...runnable((rows) => new Page(rows, plan)) };
}

function compiled(plan: Plan, filters: readonly unknown[], rowsPerStep: number): CompiledQuery {
  return {
    ...runnableOf(plan, rowsPerStep),
    filters,
    options: plan.options,
    inGivenOrder: () =>
      compiled({ ...plan, options: { ...plan.options, orderBy: [] } }, filters, rowsPerStep),
  };
}

/**
 * Validates `filters` and `options` once (TrueNAS's parameter validation, then `limits`) and
 * compiles them: paths, folded values and regular expressions are prepared here, not per row.
 * Throws QueryValidationError, or QueryCallError for MW-26's option-combination checks.
 */
export function compileQuery(
  filters: unknown,
  options: unknown,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): CompiledQuery {
  const parsed = parseQuery(filters, options, limits);
  if (parsed.errors.length > 0) throw new QueryValidationError(parsed.errors);
  const opts = parsed.options;
  checkOptionCombination(opts);
  const select = opts.select.length > 0 ? compileSelect(opts.select) : null;
  const plan: Plan = {
    predicate: compileFilters(parsed.filters, limits),
    project: select ?? ((row) => row as Projected),
    select,
    options: opts,
  };
  const costly = hasCostlyLeaf(parsed.filters) || JSON.stringify(opts.select).includes('*');
  return compiled(plan, parsed.filters, costly ? 1 : CHEAP_ROWS_PER_STEP);
}
