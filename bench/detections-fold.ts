import 'reflect-metadata';
import { GCProfiler } from 'node:v8';
import type { LogEntry } from '@authtrail/contracts';
import {
  DEFAULT_DETECTION_CONFIG,
  Detector,
  initialDetectionState,
  type AlertChange,
} from '@authtrail/detections';
import type { ServiceConfig } from '../apps/audit-service/src/config/service-config';
import { DetectionsProjection } from '../apps/audit-service/src/detections/detections.projection';
import type {
  DetectionSnapshotStore,
  EventLog,
} from '../apps/audit-service/src/log/event-log.provider';
import { failureHeavyHistory } from './detections.bench';

/**
 * The detections fold in-process, without the service: the ingest scenario's failure-heavy
 * workload (20 % login_failed over 20 hosts) as log entries, folded by `Detector.detect` alone
 * and by the service's projection in batches of 500 (its saves every 10,000 entries included).
 * Prints µs per entry and the heap the run allocated, per round.
 *
 *   node scripts/build.js tsconfig.bench.json
 *   node --expose-gc dist/bench/detections-fold.js [entries] [rounds]
 */
const entries = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);
const BATCH = 500;
/** JetStream's storage times: 20,000 events/s, well after every occurred_at. */
const RECORDED = Date.parse('2026-06-01T00:00:00Z');

function logEntries(count: number): LogEntry[] {
  return failureHeavyHistory(count).map((event, i) => ({
    seq: i + 1,
    event_id: event.event_id,
    kind: event.kind,
    host: event.host,
    boot_id: event.boot_id,
    occurred_at: event.occurred_at,
    recorded_at: new Date(RECORDED + Math.floor(i / 20)).toISOString(),
    event,
    stream_seq: i + 1,
    redacted: [],
    hash: (i + 1).toString(16).padStart(64, '0'),
  }));
}

function projection(): DetectionsProjection {
  const log = { lastSeq: () => 0, hashAt: () => undefined } as unknown as EventLog;
  const snapshots = { save: () => undefined } as unknown as DetectionSnapshotStore;
  const config = {
    detections: DEFAULT_DETECTION_CONFIG,
    snapshotEvery: 10_000,
  } as unknown as ServiceConfig;
  return new DetectionsProjection(log, snapshots, config);
}

interface Timing {
  usPerEntry: number;
  /** Bytes allocated per entry: what the collections freed plus what the heap grew by. */
  bytesPerEntry: number;
  /** Time spent collecting, per entry. */
  gcUsPerEntry: number;
  alerts: number;
}

/** Runs `fold` once, timed, with what it allocated and collected (`--expose-gc`: from a clean heap). */
function timed(fold: () => number): Timing {
  global.gc?.();
  const profiler = new GCProfiler();
  const heapBefore = process.memoryUsage().heapUsed;
  profiler.start();
  const started = process.hrtime.bigint();
  const alerts = fold();
  const ns = Number(process.hrtime.bigint() - started);
  const heapAfter = process.memoryUsage().heapUsed;
  const { statistics } = profiler.stop() ?? { statistics: [] };
  let freed = 0;
  let gcUs = 0;
  for (const gc of statistics) {
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    gcUs += gc.cost;
  }
  return {
    usPerEntry: ns / 1000 / entries,
    bytesPerEntry: (freed + heapAfter - heapBefore) / entries,
    gcUsPerEntry: gcUs / entries,
    alerts,
  };
}

function detectorFold(log: readonly LogEntry[]): number {
  const detector = new Detector(DEFAULT_DETECTION_CONFIG);
  const state = initialDetectionState();
  const changes: AlertChange[] = [];
  for (const entry of log) detector.detect(state, entry, changes);
  return state.alerts.length;
}

function projectionFold(log: readonly LogEntry[]): number {
  const detections = projection();
  for (let i = 0; i < log.length; i += BATCH) detections.apply(log.slice(i, i + BATCH));
  return detections.state.alerts.length;
}

const log = logEntries(entries);
const fmt = (t: Timing) =>
  `${t.usPerEntry.toFixed(3)} µs/entry (GC ${t.gcUsPerEntry.toFixed(3)}), ${Math.round(t.bytesPerEntry)} B/entry, ${t.alerts} alerts`;
for (let round = 0; round < rounds; round++) {
  const detector = timed(() => detectorFold(log));
  const applied = timed(() => projectionFold(log));
  process.stdout.write(`detector: ${fmt(detector)}; projection: ${fmt(applied)}\n`);
}
