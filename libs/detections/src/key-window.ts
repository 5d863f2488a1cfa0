/** One failure a rule counts: when (ms), which entry, and what it is distinct by, if anything. */
export interface WindowItem {
  at: number;
  seq: number;
  /** The username (for a rule keyed by address) or address (keyed by username) it counts. */
  value?: string;
}

/** Items up to which distinct values are counted by looking at each one in the range. */
const SCANNED_ITEMS = 16;

/** The index of the first of `sorted` (ascending) greater than `bound`. */
function firstAbove(sorted: readonly number[], bound: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Puts `value` at `index` of `array`, moving the ones from there on up (no array made). */
function insertAt<T>(array: T[], index: number, value: T): void {
  array.push(value);
  for (let i = array.length - 1; i > index; i--) array[i] = array[i - 1];
  array[index] = value;
}

/** Removes the first `count` of `array` in place (no array made, no generic builtin). */
function dropFirst(array: unknown[], count: number): void {
  const kept = array.length - count;
  for (let i = 0; i < kept; i++) array[i] = array[i + count];
  for (let i = 0; i < count; i++) array.pop();
}

/** Adds the time `at` of `value` to its times in `byValue`. */
function indexValue(byValue: Map<string, number[]>, value: string, at: number): void {
  const times = byValue.get(value);
  if (!times) byValue.set(value, [at]);
  else if (times[times.length - 1] <= at) times.push(at);
  else insertAt(times, firstAbove(times, at), at);
}

/**
 * The failures of one key (an address or a username) that a rule still needs, in time order
 * (then log order), as parallel arrays: they arrive out of order, so each goes where its time
 * puts it. Counting the ones in (low, high] is two binary searches. Counting the distinct values
 * among them looks at each item while there are few; beyond that it looks up each value's own
 * times, so a flood of failures for one username costs no more than one.
 */
export class KeyWindow {
  private readonly times: number[];
  private readonly seqs: number[];
  /** The value of each item, for a window that counts distinct values. */
  private readonly values?: (string | undefined)[];
  /** Per value, its items' times (ascending), once the window has held many items. */
  private byValue?: Map<string, number[]>;

  /** A window of one item; `distinct`: one that counts distinct values. */
  constructor(distinct: boolean, at: number, seq: number, value?: string) {
    this.times = [at];
    this.seqs = [seq];
    if (distinct) this.values = [value];
  }

  /** The time of its newest item; -Infinity with none. */
  get newestAt(): number {
    return this.times.length === 0 ? -Infinity : this.times[this.times.length - 1];
  }

  add(at: number, seq: number, value?: string): void {
    const times = this.times;
    if (times.length === 0 || times[times.length - 1] <= at) {
      times.push(at);
      this.seqs.push(seq);
      this.values?.push(value);
    } else {
      const index = firstAbove(times, at);
      insertAt(times, index, at);
      insertAt(this.seqs, index, seq);
      if (this.values) insertAt(this.values, index, value);
    }
    if (!this.values) return;
    if (this.byValue) {
      if (value !== undefined) indexValue(this.byValue, value, at);
    } else if (times.length > SCANNED_ITEMS) {
      const byValue = new Map<string, number[]>();
      for (let i = 0; i < times.length; i++) {
        const item = this.values[i];
        if (item !== undefined) indexValue(byValue, item, times[i]);
      }
      this.byValue = byValue;
    }
  }

  /** How many items are in (low, high]. */
  count(low: number, high: number): number {
    return firstAbove(this.times, high) - firstAbove(this.times, low);
  }

  /** The seqs of the items in (low, high], in log order. */
  seqsBetween(low: number, high: number): number[] {
    const seqs = this.seqs.slice(firstAbove(this.times, low), firstAbove(this.times, high));
    return seqs.sort((a, b) => a - b);
  }

  /** How many distinct values have an item in (low, high], counted up to `enough`. */
  distinct(low: number, high: number, enough: number): number {
    let found = 0;
    if (this.byValue) {
      for (const times of this.byValue.values()) {
        const index = firstAbove(times, low);
        if (index < times.length && times[index] <= high && ++found >= enough) break;
      }
      return found;
    }
    const values = this.values;
    if (!values) return 0;
    const from = firstAbove(this.times, low);
    const to = firstAbove(this.times, high);
    for (let i = from; i < to; i++) {
      const value = values[i];
      if (value !== undefined && values.indexOf(value, from) === i && ++found >= enough) break;
    }
    return found;
  }

  /** Forgets the items at or before `cutoff`; true when none is left. */
  forgetUntil(cutoff: number): boolean {
    const drop = firstAbove(this.times, cutoff);
    if (drop === 0) return this.times.length === 0;
    if (this.byValue && this.values) {
      for (let i = 0; i < drop; i++) {
        const value = this.values[i];
        if (value === undefined) continue;
        const times = this.byValue.get(value)!;
        times.shift();
        if (times.length === 0) this.byValue.delete(value);
      }
    }
    dropFirst(this.times, drop);
    dropFirst(this.seqs, drop);
    if (this.values) dropFirst(this.values, drop);
    return this.times.length === 0;
  }

  /** The items in time order, for a snapshot. */
  toArray(): WindowItem[] {
    return this.times.map((at, i) => {
      const value = this.values?.[i];
      return value === undefined ? { at, seq: this.seqs[i] } : { at, seq: this.seqs[i], value };
    });
  }
}
