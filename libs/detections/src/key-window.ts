/** One failure a rule counts: when (ms), which entry, and what it is distinct by, if anything. */
export interface WindowItem {
  at: number;
  seq: number;
  /** The username (for a rule keyed by address) or address (keyed by username) it counts. */
  value?: string;
}

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

/**
 * The failures of one key (an address or a username) that a rule still needs, in time order
 * (then log order): they arrive out of order, so each goes where its time puts it. Counting the
 * ones in (low, high] is two binary searches; counting the distinct values among them looks up
 * each value's own times, so a flood of failures for one username costs no more than one.
 */
export class KeyWindow {
  private readonly times: number[] = [];
  private readonly items: WindowItem[] = [];
  private readonly byValue?: Map<string, number[]>;

  constructor(distinct: boolean) {
    if (distinct) this.byValue = new Map();
  }

  get size(): number {
    return this.items.length;
  }

  add(item: WindowItem): void {
    const index = firstAbove(this.times, item.at);
    this.times.splice(index, 0, item.at);
    this.items.splice(index, 0, item);
    if (this.byValue && item.value !== undefined) {
      let times = this.byValue.get(item.value);
      if (!times) this.byValue.set(item.value, (times = []));
      times.splice(firstAbove(times, item.at), 0, item.at);
    }
  }

  /** How many items are in (low, high]. */
  count(low: number, high: number): number {
    return firstAbove(this.times, high) - firstAbove(this.times, low);
  }

  /** The items in (low, high], in log order. */
  between(low: number, high: number): WindowItem[] {
    const items = this.items.slice(firstAbove(this.times, low), firstAbove(this.times, high));
    return items.sort((a, b) => a.seq - b.seq);
  }

  /** How many distinct values have an item in (low, high], counted up to `enough`. */
  distinct(low: number, high: number, enough: number): number {
    let found = 0;
    for (const times of this.byValue?.values() ?? []) {
      const index = firstAbove(times, low);
      if (index < times.length && times[index] <= high && ++found >= enough) break;
    }
    return found;
  }

  /** Forgets the items at or before `cutoff`; true when none is left. */
  forgetUntil(cutoff: number): boolean {
    const drop = firstAbove(this.times, cutoff);
    if (drop > 0) {
      this.times.splice(0, drop);
      for (const item of this.items.splice(0, drop)) {
        if (item.value === undefined || !this.byValue) continue;
        const times = this.byValue.get(item.value)!;
        times.shift();
        if (times.length === 0) this.byValue.delete(item.value);
      }
    }
    return this.items.length === 0;
  }

  /** The items in time order, for a snapshot. */
  toArray(): readonly WindowItem[] {
    return this.items;
  }
}
