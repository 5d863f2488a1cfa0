import { getPath, parsePath, topLevel } from './field-path';
import { compareStrings, pyLess } from './py-compare';
import { dateKind, dateMs, NAIVE, PyDateTime } from './py-types';
import { pySorted } from './py-sort';

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

function sortBy<T>(rows: readonly T[], key: SortKey): T[] {
  const path = parsePath(key.field);
  const keys = rows.map((row) => sortKey(getPath(row, path)));
  const compare = rows.length > 1 ? uniformCompare(keys) : undefined;
  if (!compare) return pySorted(rows, keys, pyLess, key.reverse);
  const order = rows.map((_, i) => i);
  order.sort(
    key.reverse ? (i, j) => compare(keys[j], keys[i]) : (i, j) => compare(keys[i], keys[j]),
  );
  return order.map((i) => rows[i]);
}

/** One MW-26 `do_order` step: a stable sort on one key, with its nulls partition if asked. */
function orderOnce<T>(rows: readonly T[], spec: string): T[] {
  const key = parseSortKey(spec);
  if (key.nulls === undefined) return sortBy(rows, key);
  const nulls: T[] = [];
  const present: T[] = [];
  for (const row of rows) (topLevel(row, key.field) === null ? nulls : present).push(row);
  const sorted = sortBy(present, key);
  return key.nulls === 'first' ? nulls.concat(sorted) : sorted.concat(nulls);
}

/**
 * Orders rows as MW-26's `do_order` would, except that the FIRST key is primary: the keys are
 * applied as stable sorts from last to first. Each key sorts with Python's `<` (TypeError text
 * on mixed types), `-` reverses, and `nulls_first:`/`nulls_last:` split off rows whose
 * top-level key (the whole text, even when dotted) is null or absent.
 */
export function orderRows<T>(rows: readonly T[], orderBy: readonly string[]): readonly T[] {
  let out: readonly T[] = rows;
  for (let i = orderBy.length - 1; i >= 0; i--) out = orderOnce(out, orderBy[i]);
  return out;
}
