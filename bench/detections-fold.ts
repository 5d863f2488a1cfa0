import 'reflect-metadata';
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
import { benchLogEntry } from './bench-entries';
import { watchHeap } from './heap-watch';
import { failureHeavyHistory } from './detections.bench';

/**
 * The detections fold in-process, without the service: the ingest scenario's failure-heavy
 * workload (20 % login_failed over 20 hosts) as log entries, folded by `Detector.detect` alone
 * (the whole log, with the bytes allocated and the GC time per entry) and by the service's
 * projection in batches of 500 parsed just before each (its saves every 10,000 entries included).
 * Prints CPU µs per entry, per round.
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
  return failureHeavyHistory(count).map((event, i) =>
    benchLogEntry(event, i + 1, RECORDED + Math.floor(i / 20)),
  );
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

/** The process's CPU time (µs): the figure other processes on the machine disturb least. */
function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

interface Timing {
  usPerEntry: number;
  /** Bytes allocated per entry: what the collections freed plus what the heap grew by. */
  bytesPerEntry: number;
  /** Time spent collecting, per entry. */
  gcUsPerEntry: number;
  alerts: number;
}

interface Folded {
  alerts: number;
  /** The CPU µs spent folding, when the run times itself (its other work left out). */
  foldUs?: number;
}

/** Runs `fold` once, timed, with what it allocated and collected (`--expose-gc`: from a clean heap). */
function timed(fold: () => Folded): Timing {
  global.gc?.();
  const heap = watchHeap();
  const started = cpuUs();
  const { alerts, foldUs } = fold();
  const us = foldUs ?? cpuUs() - started;
  const { allocated, gcUs } = heap();
  return {
    usPerEntry: us / entries,
    bytesPerEntry: allocated / entries,
    gcUsPerEntry: gcUs / entries,
    alerts,
  };
}

/** The whole log folded by the detector, entry after entry (entries long out of the caches). */
function detectorFold(log: readonly LogEntry[]): Folded {
  const detector = new Detector(DEFAULT_DETECTION_CONFIG);
  const state = initialDetectionState();
  const changes: AlertChange[] = [];
  for (const entry of log) detector.detect(state, entry, changes);
  return { alerts: state.alerts.length };
}

/**
 * The log applied by the projection in batches, as the service does: each batch parsed from its
 * JSON just before (fresh objects, as the service's), only the `apply` timed.
 */
function projectionFold(batches: readonly string[]): Folded {
  const detections = projection();
  let foldUs = 0;
  for (const text of batches) {
    const batch = JSON.parse(text) as LogEntry[];
    const started = cpuUs();
    detections.apply(batch);
    foldUs += cpuUs() - started;
  }
  return { alerts: detections.state.alerts.length, foldUs };
}

const log = logEntries(entries);
const batches: string[] = [];
for (let i = 0; i < log.length; i += BATCH) batches.push(JSON.stringify(log.slice(i, i + BATCH)));
const fmt = (t: Timing, allocated = true) =>
  `${t.usPerEntry.toFixed(3)} µs/entry` +
  (allocated ? ` (GC ${t.gcUsPerEntry.toFixed(3)}), ${Math.round(t.bytesPerEntry)} B/entry` : '') +
  `, ${t.alerts} alerts`;
for (let round = 0; round < rounds; round++) {
  const detector = timed(() => detectorFold(log));
  const applied = timed(() => projectionFold(batches));
  process.stdout.write(`detector: ${fmt(detector)}; projection: ${fmt(applied, false)}\n`);
}
