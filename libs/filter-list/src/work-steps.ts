/**
 * Work done in bounded steps: long loops of the engine are generators that count their units of
 * work (a comparison, a key read) in a shared budget and yield when it is spent, so a caller
 * can spread one query over several turns of its event loop. With an infinite budget they never
 * yield.
 */
export interface WorkBudget {
  left: number;
}

export type Steps<T> = Generator<void, T, void>;

/** Spends one unit of work; true when the budget is spent and the loop must yield. */
export function spend(work: WorkBudget): boolean {
  return --work.left <= 0;
}

/** Runs steps to the end in one go. */
export function runToEnd<T>(steps: Steps<T>, work: WorkBudget): T {
  work.left = Infinity;
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export const UNLIMITED: () => WorkBudget = () => ({ left: Infinity });

/**
 * A stable bottom-up merge sort of `order` by `cmp` (ties keep their order, as Array.sort does),
 * in steps; merges of runs already in order cost one comparison.
 */
export function* sortSteps(
  order: number[],
  cmp: (i: number, j: number) => number,
  work: WorkBudget,
): Steps<number[]> {
  const n = order.length;
  let src = order.slice();
  let dst = new Array<number>(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let k = lo;
      if (mid < hi && cmp(src[mid], src[mid - 1]) >= 0) {
        for (; k < hi; k++) dst[k] = src[k];
        if (spend(work)) yield;
        continue;
      }
      let i = lo;
      let j = mid;
      while (i < mid && j < hi) {
        dst[k++] = cmp(src[j], src[i]) < 0 ? src[j++] : src[i++];
        if (spend(work)) yield;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}
