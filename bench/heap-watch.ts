import { GCProfiler } from 'node:v8';

/** What a stretch of work did to the heap. */
export interface HeapUse {
  /** Bytes allocated: those its collections freed plus the heap's growth. */
  allocated: number;
  /** How many collections ran, and their time (µs). */
  collections: number;
  gcUs: number;
}

/** Starts watching the heap; the function returned ends it and says what the work between did. */
export function watchHeap(): () => HeapUse {
  const profiler = new GCProfiler();
  const before = process.memoryUsage().heapUsed;
  profiler.start();
  return () => {
    const after = process.memoryUsage().heapUsed;
    const { statistics } = profiler.stop() ?? { statistics: [] };
    let freed = 0;
    let gcUs = 0;
    for (const gc of statistics) {
      freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      gcUs += gc.cost;
    }
    return { allocated: freed + after - before, collections: statistics.length, gcUs };
  };
}
