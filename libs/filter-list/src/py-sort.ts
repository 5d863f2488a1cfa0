/**
 * Python's `sorted(values, key=..., reverse=...)` with `less` as the `<` of the keys. Runs are
 * found and extended exactly as CPython's list.sort does (count_run, binary insertion up to
 * minrun), so for fewer than 64 items the comparisons made, and so the first TypeError raised,
 * are CPython's; longer runs are merged with a plain stable merge.
 */
import { runToEnd, spend, UNLIMITED, type Steps, type WorkBudget } from './work-steps';

type Less = (a: unknown, b: unknown) => boolean;

const MIN_MERGE = 64;

function reverseRange(keys: unknown[], values: unknown[], lo: number, hi: number): void {
  for (let i = lo, j = hi - 1; i < j; i++, j--) {
    const key = keys[i];
    keys[i] = keys[j];
    keys[j] = key;
    const value = values[i];
    values[i] = values[j];
    values[j] = value;
  }
}

/** Length of the run at lo (made ascending in place), CPython 3.13's count_run. */
function* countRun(
  less: Less,
  keys: unknown[],
  values: unknown[],
  lo: number,
  hi: number,
  work: WorkBudget,
): Steps<number> {
  const remaining = hi - lo;
  let n = 1;
  for (; n < remaining; n++) {
    if (less(keys[lo + n], keys[lo + n - 1])) break;
    if (spend(work)) yield;
  }
  if (n === remaining) return n;
  if (n > 1) {
    if (less(keys[lo], keys[lo + n - 1])) return n;
    reverseRange(keys, values, lo, lo + n);
  }
  n++;
  let neq = 0;
  const reverseLastEqual = (): void => {
    if (neq) {
      neq++;
      reverseRange(keys, values, lo + n - neq, lo + n);
      neq = 0;
    }
  };
  for (; n < remaining; n++) {
    if (less(keys[lo + n], keys[lo + n - 1])) reverseLastEqual();
    else if (less(keys[lo + n - 1], keys[lo + n])) break;
    else neq++;
    if (spend(work)) yield;
  }
  reverseLastEqual();
  reverseRange(keys, values, lo, lo + n);
  for (; n < remaining; n++) {
    if (less(keys[lo + n], keys[lo + n - 1])) break;
    if (spend(work)) yield;
  }
  return n;
}

/** Binary insertion of keys[lo+sorted .. lo+count) into the sorted prefix. */
function binaryInsertion(
  less: Less,
  keys: unknown[],
  values: unknown[],
  lo: number,
  count: number,
  sorted: number,
): void {
  for (let ok = sorted; ok < count; ok++) {
    const pivot = keys[lo + ok];
    const value = values[lo + ok];
    let left = 0;
    let right = ok;
    do {
      const mid = (left + right) >> 1;
      if (less(pivot, keys[lo + mid])) right = mid;
      else left = mid + 1;
    } while (left < right);
    for (let m = ok; m > left; m--) {
      keys[lo + m] = keys[lo + m - 1];
      values[lo + m] = values[lo + m - 1];
    }
    keys[lo + left] = pivot;
    values[lo + left] = value;
  }
}

function minRun(n: number): number {
  let r = 0;
  while (n >= MIN_MERGE) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

interface Run {
  keys: unknown[];
  values: unknown[];
}

function* merge(less: Less, a: Run, b: Run, work: WorkBudget): Steps<Run> {
  const keys: unknown[] = [];
  const values: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < a.keys.length && j < b.keys.length) {
    if (less(b.keys[j], a.keys[i])) {
      keys.push(b.keys[j]);
      values.push(b.values[j++]);
    } else {
      keys.push(a.keys[i]);
      values.push(a.values[i++]);
    }
    if (spend(work)) yield;
  }
  for (; i < a.keys.length; i++) {
    keys.push(a.keys[i]);
    values.push(a.values[i]);
  }
  for (; j < b.keys.length; j++) {
    keys.push(b.keys[j]);
    values.push(b.values[j]);
  }
  return { keys, values };
}

/** A new array with `values` stably sorted by `sortKeys` (parallel arrays). */
export function pySorted<T>(
  values: readonly T[],
  sortKeys: readonly unknown[],
  less: Less,
  reverse: boolean,
): T[] {
  const work = UNLIMITED();
  return runToEnd(pySortedSteps(values, sortKeys, less, reverse, work), work);
}

/** pySorted in steps of `work` (binary insertion of one short run is one step). */
export function* pySortedSteps<T>(
  values: readonly T[],
  sortKeys: readonly unknown[],
  less: Less,
  reverse: boolean,
  work: WorkBudget,
): Steps<T[]> {
  const n = values.length;
  const keys = sortKeys.slice();
  const vals: unknown[] = values.slice();
  if (n < 2) return vals as T[];
  if (reverse) reverseRange(keys, vals, 0, n);
  const runLength = minRun(n);
  let runs: Run[] = [];
  for (let lo = 0; lo < n;) {
    let length = yield* countRun(less, keys, vals, lo, n, work);
    if (length < runLength) {
      const force = Math.min(runLength, n - lo);
      binaryInsertion(less, keys, vals, lo, force, length);
      length = force;
      work.left -= force * 6;
      if (work.left <= 0) yield;
    }
    runs.push({ keys: keys.slice(lo, lo + length), values: vals.slice(lo, lo + length) });
    lo += length;
  }
  while (runs.length > 1) {
    const next: Run[] = [];
    for (let i = 0; i + 1 < runs.length; i += 2) {
      next.push(yield* merge(less, runs[i], runs[i + 1], work));
    }
    if (runs.length % 2) next.push(runs[runs.length - 1]);
    runs = next;
  }
  const out = runs[0].values;
  if (reverse) out.reverse();
  return out as T[];
}
