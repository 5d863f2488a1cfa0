import { compilePathGet, parsePath, topLevel, type FieldPath } from './field-path';
import { compareStrings, pyLess } from './py-compare';
import { dateKind, dateMs, NAIVE, PyDateTime, type PyDict } from './py-types';
import { pySortedSteps } from './py-sort';
import { runToEnd, sortSteps, spend, UNLIMITED, type Steps, type WorkBudget } from './work-steps';

const NULLS_FIRST = 'nulls_first:';
const NULLS_LAST = 'nulls_last:';
const REVERSE = '-';

interface SortKey {
  /** The field text after the nulls prefix and `-`. */
  readonly field: string;
  readonly reverse: boolean;
  readonly nulls: 'first' | 'last' | undefined;
}

function parseSortKey(spec: string): SortKey {
  let nulls: SortKey['nulls'];
  let rest = spec;
  if (rest.startsWith(NULLS_FIRST)) {
    nulls = 'first';
    rest = rest.slice(NULLS_FIRST.length);
  } else if (rest.startsWith(NULLS_LAST)) {
    nulls = 'last';
    rest = rest.slice(NULLS_LAST.length);
  }
  const reverse = rest.startsWith(REVERSE);
  return { field: reverse ? rest.slice(1) : rest, reverse, nulls };
}

/** A row datetime becomes a PyDateTime so that comparisons need no shape checks. */
function sortKey(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && dateKind(value) === NAIVE) {
    return value instanceof PyDateTime ? value : new PyDateTime(dateMs(value), false);
  }
  return value;
}

type Compare = (a: unknown, b: unknown) => number;

const byNumber: Compare = (a, b) => Number(a) - Number(b);
const byString: Compare = (a, b) => compareStrings(a as string, b as string);
const byDate: Compare = (a, b) => (a as PyDateTime).ms - (b as PyDateTime).ms;

/** A total order for keys of one comparable kind, for which no TypeError can occur. */
function uniformCompare(keys: readonly unknown[]): Compare | undefined {
  const first = keys[0];
  if (typeof first === 'string') {
    return keys.every((k) => typeof k === 'string') ? byString : undefined;
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    const numeric = (k: unknown): boolean =>
      (typeof k === 'number' && !Number.isNaN(k)) || typeof k === 'boolean';
    return keys.every(numeric) ? byNumber : undefined;
  }
  if (first instanceof PyDateTime) {
    const same = (k: unknown): boolean => k instanceof PyDateTime && k.aware === first.aware;
    return keys.every(same) ? byDate : undefined;
  }
  return undefined;
}

/** Naive datetime keys as milliseconds, with how they run from one row to the next. */
export interface DateKeys {
  readonly ms: Float64Array;
  /** No row's key is above the next one's (`ms[i - 1] - ms[i] > 0` for no i). */
  readonly rising: boolean;
  /** No row's key is below the next one's (`ms[i - 1] - ms[i] < 0` for no i). */
  readonly falling: boolean;
}

/** DateKeys made a row at a time: `add` each row's key value in order, while all are dates. */
class DateKeysBuilder {
  /** Made at the first key (room for `room` keys at first), so that a row of no date costs none. */
  private ms: Float64Array | undefined;
  private n = 0;
  private rising = true;
  private falling = true;

  constructor(private readonly room: number) {}

  /** Adds the next row's key value; false (and nothing added) when it is no naive datetime. */
  add(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || dateKind(value) !== NAIVE) return false;
    const key = value instanceof PyDateTime ? value.ms : ((value as PyDict).$date as number);
    const n = this.n;
    let ms = (this.ms ??= new Float64Array(Math.max(this.room, 1)));
    if (n === ms.length) {
      const more = new Float64Array(n * 2);
      more.set(ms);
      this.ms = ms = more;
    }
    if (n > 0) {
      const fall = ms[n - 1] - key;
      if (fall > 0) this.rising = false;
      else if (fall < 0) this.falling = false;
    }
    ms[n] = key;
    this.n = n + 1;
    return true;
  }

  /** The keys of the rows added so far. */
  keys(): DateKeys {
    const ms = this.ms?.subarray(0, this.n) ?? new Float64Array(0);
    return { ms, rising: this.rising, falling: this.falling };
  }
}

/**
 * The milliseconds of every row's value at `path` when all are naive datetimes (the rows'
 * `created_at`), else undefined. Comparing them as numbers orders exactly as byDate does on
 * PyDateTime keys, without an object per row, and a typed array keeps them out of the JS heap.
 * How they run is noted on the way (no comparison is called for it).
 */
function* naiveDateKeys(
  rows: readonly unknown[],
  path: FieldPath,
  work: WorkBudget,
): Steps<DateKeys | undefined> {
  const get = compilePathGet(path);
  const keys = new DateKeysBuilder(rows.length);
  for (let i = 0; i < rows.length; i++) {
    if (!keys.add(get(rows[i]))) return undefined;
    if (spend(work)) yield;
  }
  return keys.keys();
}

/**
 * The datetime keys of the first key `orderRowsSteps` applies (the last of `order_by`), read from
 * each row as it is collected, while it is at hand, instead of in a pass of their own over the
 * rows once all are in. Given up for good at the first row whose value is no naive datetime, or
 * whose path cannot be read without an error (the ordering reads it again then, and fails as and
 * when it would have).
 */
export class CollectedDateKeys {
  private readonly get: (row: unknown) => unknown;
  private keys: DateKeysBuilder | undefined;

  /** For `order_by` (validated), with room for about `room` rows; undefined when no use. */
  static of(orderBy: readonly string[], room: number): CollectedDateKeys | undefined {
    if (orderBy.length === 0) return undefined;
    const key = parseSortKey(orderBy[orderBy.length - 1]);
    // A nulls prefix sorts only the rows left after the split: other rows than collected.
    return key.nulls === undefined ? new CollectedDateKeys(parsePath(key.field), room) : undefined;
  }

  private constructor(path: FieldPath, room: number) {
    this.get = compilePathGet(path);
    this.keys = new DateKeysBuilder(room);
  }

  /** Reads the next row's key. */
  add(row: unknown): void {
    const keys = this.keys;
    if (keys === undefined) return;
    let value: unknown;
    try {
      value = this.get(row);
    } catch {
      this.keys = undefined;
      return;
    }
    if (!keys.add(value)) this.keys = undefined;
  }

  /** The keys of every row added, in order, when all were naive datetimes. */
  result(): DateKeys | undefined {
    return this.keys?.keys();
  }
}

/**
 * The indices of the first `wanted` rows of the stable order `before` (a strict total order on
 * indices that breaks ties by index), in that order: a bounded max-heap, so a page of a large
 * result costs O(n log wanted) and no full sort.
 */
function* firstInOrder(
  n: number,
  wanted: number,
  before: (i: number, j: number) => boolean,
  work: WorkBudget,
): Steps<number[]> {
  const heap: number[] = [];
  const siftDown = (at: number): void => {
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && before(heap[left], heap[right]) ? right : left;
      if (!before(heap[at], heap[child])) return;
      [heap[at], heap[child]] = [heap[child], heap[at]];
      at = child;
    }
  };
  for (let i = 0; i < n; i++) {
    if (spend(work)) yield;
    if (heap.length < wanted) {
      heap.push(i);
      for (let at = heap.length - 1; at > 0;) {
        const parent = (at - 1) >> 1;
        if (!before(heap[parent], heap[at])) break;
        [heap[at], heap[parent]] = [heap[parent], heap[at]];
        at = parent;
      }
    } else if (before(i, heap[0])) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return yield* sortSteps(heap, (i, j) => (i === j ? 0 : before(i, j) ? -1 : 1), work);
}

/** Whether rows stand in an order already: none before the next (`ascending`), or none after. */
interface Monotony {
  readonly ascending: boolean;
  readonly descending: boolean;
}

/** How the rows run by `cmp`, checked pair by pair until both are ruled out. */
function* monotonyOf(
  n: number,
  cmp: (i: number, j: number) => number,
  work: WorkBudget,
): Steps<Monotony> {
  let ascending = true;
  let descending = true;
  for (let i = 1; i < n && (ascending || descending); i++) {
    const c = cmp(i - 1, i);
    if (c > 0) ascending = false;
    else if (c < 0) descending = false;
    if (spend(work)) yield;
  }
  return { ascending, descending };
}

/**
 * The first `wanted` indices of the stable order when the rows already stand in it, or in its
 * reverse (the projection keeps sessions in created_at order), else undefined. Runs of equal keys
 * keep their own order either way, as a stable sort would.
 */
function* firstOfMonotonic(
  n: number,
  wanted: number,
  cmp: (i: number, j: number) => number,
  { ascending, descending }: Monotony,
  work: WorkBudget,
): Steps<number[] | undefined> {
  if (ascending) return Array.from({ length: Math.min(wanted, n) }, (_, i) => i);
  if (!descending) return undefined;
  const out: number[] = [];
  for (let end = n; end > 0 && out.length < wanted;) {
    let start = end - 1;
    while (start > 0 && cmp(start - 1, start) === 0) {
      start--;
      if (spend(work)) yield;
    }
    for (let i = start; i < end && out.length < wanted; i++) out.push(i);
    end = start;
  }
  return out;
}

/** Below this share of the rows, a page is selected with a heap rather than a full sort. */
const SELECT_SHARE = 1 / 16;

function* sortKeys<T>(rows: readonly T[], path: FieldPath, work: WorkBudget): Steps<unknown[]> {
  const get = compilePathGet(path);
  const keys = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    keys[i] = sortKey(get(rows[i]));
    if (spend(work)) yield;
  }
  return keys;
}

function* sortBy<T>(
  rows: readonly T[],
  key: SortKey,
  work: WorkBudget,
  wanted = rows.length,
  collected?: DateKeys,
): Steps<T[]> {
  const path = parsePath(key.field);
  const dateKeys =
    rows.length > 1 ? (collected ?? (yield* naiveDateKeys(rows, path, work))) : undefined;
  let cmp: (i: number, j: number) => number;
  let monotony: Monotony | undefined;
  if (dateKeys) {
    const { ms: dates, rising, falling } = dateKeys;
    cmp = key.reverse ? (i, j) => dates[j] - dates[i] : (i, j) => dates[i] - dates[j];
    // cmp(i - 1, i) is ms[i - 1] - ms[i], or its negation when reversed.
    monotony = key.reverse
      ? { ascending: falling, descending: rising }
      : { ascending: rising, descending: falling };
  } else {
    const keys = yield* sortKeys(rows, path, work);
    const compare = rows.length > 1 ? uniformCompare(keys) : undefined;
    if (!compare) return yield* pySortedSteps(rows, keys, pyLess, key.reverse, work);
    cmp = key.reverse ? (i, j) => compare(keys[j], keys[i]) : (i, j) => compare(keys[i], keys[j]);
  }
  if (wanted < rows.length * SELECT_SHARE) {
    monotony ??= yield* monotonyOf(rows.length, cmp, work);
    const presorted = yield* firstOfMonotonic(rows.length, wanted, cmp, monotony, work);
    if (presorted) return presorted.map((i) => rows[i]);
    const before = (i: number, j: number) => {
      const c = cmp(i, j);
      return c < 0 || (c === 0 && i < j);
    };
    return (yield* firstInOrder(rows.length, wanted, before, work)).map((i) => rows[i]);
  }
  const order = yield* sortSteps(
    rows.map((_, i) => i),
    cmp,
    work,
  );
  return order.map((i) => rows[i]);
}

/** One MW-26 `do_order` step: a stable sort on one key, with its nulls partition if asked. */
function* orderOnce<T>(
  rows: readonly T[],
  spec: string,
  work: WorkBudget,
  wanted?: number,
  collected?: DateKeys,
): Steps<T[]> {
  const key = parseSortKey(spec);
  if (key.nulls === undefined) return yield* sortBy(rows, key, work, wanted, collected);
  const nulls: T[] = [];
  const present: T[] = [];
  for (const row of rows) {
    (topLevel(row, key.field) === null ? nulls : present).push(row);
    if (spend(work)) yield;
  }
  const sorted = yield* sortBy(present, key, work);
  return key.nulls === 'first' ? nulls.concat(sorted) : sorted.concat(nulls);
}

/**
 * Orders rows as MW-26's `do_order` would, except that the FIRST key is primary: the keys are
 * applied as stable sorts from last to first. Each key sorts with Python's `<` (TypeError text
 * on mixed types), `-` reverses, and `nulls_first:`/`nulls_last:` split off rows whose
 * top-level key (the whole text, even when dotted) is null or absent. With `wanted`, only the
 * first `wanted` rows of that order are returned (the primary key then selects instead of sorting).
 */
export function orderRows<T>(
  rows: readonly T[],
  orderBy: readonly string[],
  wanted?: number,
): readonly T[] {
  const work = UNLIMITED();
  return runToEnd(orderRowsSteps(rows, orderBy, work, wanted), work);
}

/**
 * orderRows in steps of `work` (a unit is about one comparison or one key read). `collected`:
 * the keys CollectedDateKeys read from `rows`, in their order, when it kept them.
 */
export function* orderRowsSteps<T>(
  rows: readonly T[],
  orderBy: readonly string[],
  work: WorkBudget,
  wanted?: number,
  collected?: DateKeys,
): Steps<readonly T[]> {
  let out: readonly T[] = rows;
  for (let i = orderBy.length - 1; i >= 0; i--) {
    const keys = i === orderBy.length - 1 ? collected : undefined;
    out = yield* orderOnce(out, orderBy[i], work, i === 0 ? wanted : undefined, keys);
  }
  return wanted === undefined ? out : out.slice(0, wanted);
}
