import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { NatsConnection } from 'nats';
import { ServiceProcess } from '../test/harness/service-process';
import { withBenchStack } from './bench-stack';
import { copyFleetLog, fleetHosts, prepareFleetLog, queueAfter, untilHandled } from './fleet-log';
import { cpuMs } from './process-stats';
import { snapshotWork } from './snapshot-work';
import { median, round } from './stats';
import { history } from './workload';

/** Snapshots at the service's default cadence, or effectively never. */
export type SnapshotMode = 'default' | 'off';

/** AUTHTRAIL_SNAPSHOT_EVERY of the runs without snapshots: more entries than any run ingests. */
const NEVER = '10000000';
/** The service's default AUTHTRAIL_SNAPSHOT_EVERY. */
const DEFAULT_EVERY = 10_000;
/** How long a snapshot still being written after the ingest is waited for. */
const SETTLE_TIMEOUT_MS = 30_000;

/** How long one run's ingest may take before it is given up. */
const INGEST_TIMEOUT_MS = 600_000;

export interface SnapshotRun {
  sessions: number;
  mode: SnapshotMode;
  round: number;
  /**
   * From the service's ready line to the last queued event handled and every snapshot begun
   * meanwhile written: all the work the events caused.
   */
  ingest_ms: number;
  /** Of ingest_ms, the time after the last event was handled (a snapshot still being written). */
  tail_ms: number;
  /** False when a snapshot seemed to be under way and none was written within 2 minutes. */
  settled: boolean;
  events_per_s: number;
  /** The service's CPU time over ingest_ms, per 1,000 events. */
  cpu_ms_per_1k: number;
  /** Projection snapshots in the file after the ingest, beyond the one the log came with. */
  snapshots_written: number;
}

export interface SnapshotSize {
  sessions: number;
  hosts: number;
  events: number;
  /** Medians of the rounds' ingest time without and with snapshots (ms). */
  off_ms: number;
  default_ms: number;
  /** Median of the runs with snapshots: the time a snapshot was still being written after. */
  tail_ms: number;
  /** Median of each round's (default_ms - off_ms) / snapshots written (ms). */
  extra_ms_per_snapshot: number;
  /**
   * What snapshots cost, as a fraction of the ingest time without them: each round's
   * default_ms / off_ms - 1, and their median.
   */
  cost: number;
  cost_each: number[];
  /** Median of the snapshots written during the ingests with snapshots. */
  snapshots_written: number;
  cpu_ms_per_1k_off: number;
  cpu_ms_per_1k_default: number;
  /** One snapshot's work at this size, measured apart (snapshotWork), ms. */
  snapshot_ms: number;
  /** Entries between two snapshots at this size: AUTHTRAIL_SNAPSHOT_EVERY or the rows if more. */
  entries_between: number;
  /**
   * Snapshots' share of ingest time once running: one snapshot's work over the time to ingest
   * the entries between two (at the rate without snapshots). A batch shorter than that cadence
   * (`cost`) may hold no snapshot at all at a large size.
   */
  steady_cost: number;
}

export interface SnapshotFigures {
  events: number;
  rounds: number;
  sizes: SnapshotSize[];
  runs: SnapshotRun[];
}

/** The log at `path` as its service has written it so far, read beside it. */
class LogFile {
  private readonly db: Database.Database;
  private readonly lastEntry: Database.Statement;
  private readonly lastSnapshot: Database.Statement;
  private readonly snapshots: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.lastEntry = this.db.prepare('SELECT max(seq) FROM entries').pluck();
    this.lastSnapshot = this.db.prepare('SELECT coalesce(max(seq), 0) FROM snapshots').pluck();
    this.snapshots = this.db.prepare('SELECT count(*) FROM snapshots WHERE seq > ?').pluck();
  }

  /** The last entry's seq and the newest projection snapshot's. */
  positions(): { entry: number; snapshot: number } {
    return {
      entry: this.lastEntry.get() as number,
      snapshot: this.lastSnapshot.get() as number,
    };
  }

  snapshotsAfter(seq: number): number {
    return this.snapshots.get(seq) as number;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Waits until no projection snapshot is being written, as the file shows it: the service begins
 * one only when the log is AUTHTRAIL_SNAPSHOT_EVERY entries past the newest and as many as the
 * projection's rows (at least the fleet's `sessions`), so with fewer none is under way, and with
 * more one may be (until its row appears). True once settled; false when no row appeared within
 * SETTLE_TIMEOUT_MS (one finished just before the look, or none was due yet).
 */
async function untilSnapshotsSettled(file: LogFile, sessions: number): Promise<boolean> {
  const at = file.positions();
  if (at.entry - at.snapshot < Math.max(DEFAULT_EVERY, sessions)) return true;
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (file.positions().snapshot > at.snapshot) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

interface RunPlan {
  sessions: number;
  hosts: number;
  mode: SnapshotMode;
  round: number;
  /** The last queued event's stream seq. */
  last: number;
  /** Events queued after the fleet's logins. */
  events: number;
}

/**
 * One service on a fresh copy of the fleet's log (snapshot at its end), with a durable consumer
 * of its own on the shared stream: timed from its ready line to the last queued event handled
 * and the snapshots begun meanwhile written, then killed (its shutdown snapshot is not part of
 * the ingest).
 */
async function ingestRun(
  nc: NatsConnection,
  natsUrl: string,
  dir: string,
  plan: RunPlan,
): Promise<SnapshotRun> {
  const name = `run-${plan.round}-${plan.mode}`;
  const db = join(dir, name, 'log.db');
  await copyFleetLog(db, plan.sessions, plan.hosts);
  const service = new ServiceProcess({
    NATS_URL: natsUrl,
    AUTHTRAIL_DB: db,
    AUTHTRAIL_CONSUMER: name,
    ...(plan.mode === 'off' ? { AUTHTRAIL_SNAPSHOT_EVERY: NEVER } : {}),
  });
  let file: LogFile | undefined;
  try {
    await service.start('ready:', 600_000);
    const started = performance.now();
    const cpuBefore = cpuMs(service.pid!);
    file = new LogFile(db);
    if (!(await untilHandled(nc, plan.last, started + INGEST_TIMEOUT_MS)))
      throw new Error(`${name}: ${plan.events} events not ingested within 10 minutes`);
    const handled = performance.now();
    const settled = plan.mode === 'off' || (await untilSnapshotsSettled(file, plan.sessions));
    const ms = (settled ? performance.now() : handled) - started;
    const cpu = cpuMs(service.pid!) - cpuBefore;
    return {
      sessions: plan.sessions,
      mode: plan.mode,
      round: plan.round,
      ingest_ms: Math.round(ms),
      tail_ms: Math.round(started + ms - handled),
      settled,
      events_per_s: Math.round(plan.events / (ms / 1000)),
      cpu_ms_per_1k: round((cpu * 1000) / plan.events, 1),
      snapshots_written: file.snapshotsAfter(plan.sessions),
    };
  } finally {
    file?.close();
    await service.stop('SIGKILL');
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.delete('AUTH_EVENTS', name).catch(() => undefined);
    rmSync(dirname(db), { recursive: true, force: true });
  }
}

/**
 * What projection snapshots cost ingest at a projection of `sessions` live sessions (100 per
 * host): `events` events of the benchmark's workload (bench/workload.ts) queued after the
 * fleet's logins, ingested by a service started on a copy of the fleet's log (its snapshot at its
 * end, so both start alike), once at the default cadence and once with snapshots off, the two
 * alternating (off first in even rounds), `rounds` times. A run ends when the events are handled
 * and the snapshots they made due are written: a snapshot begun by the batch is the batch's cost.
 */
async function sizeScenario(
  sessions: number,
  events: number,
  rounds: number,
  runs: SnapshotRun[],
): Promise<SnapshotSize> {
  const hosts = fleetHosts(sessions);
  return withBenchStack(`snapshots-${sessions}`, async ({ dir, nats, nc }) => {
    await prepareFleetLog(sessions, hosts);
    const last = await queueAfter(nc, sessions, history(events));
    const mine: SnapshotRun[] = [];
    for (let r = 0; r < rounds; r++) {
      const order: SnapshotMode[] = r % 2 === 0 ? ['off', 'default'] : ['default', 'off'];
      for (const mode of order) {
        const run = await ingestRun(nc, nats.url, dir, {
          sessions,
          hosts,
          mode,
          round: r,
          last,
          events,
        });
        console.log(
          `  ${sessions} sessions, snapshots ${mode}, round ${r + 1}: ${run.ingest_ms} ms, of which ${run.tail_ms} after the last event${run.settled ? '' : ' (a snapshot seemed under way: not waited for)'} (${run.events_per_s} events/s, ${run.snapshots_written} snapshots)`,
        );
        mine.push(run);
        runs.push(run);
      }
    }
    const of = (mode: SnapshotMode) => mine.filter((run) => run.mode === mode);
    const pairs = Array.from({ length: rounds }, (_, r) =>
      (['off', 'default'] as const).map((mode) =>
        mine.find((run) => run.round === r && run.mode === mode)!,
      ),
    );
    const costs = pairs.map(([off, on]) => round(on.ingest_ms / off.ingest_ms - 1, 3));
    const work = await snapshotWork(sessions, hosts, rounds);
    const offMs = median(of('off').map((run) => run.ingest_ms));
    const between = Math.max(DEFAULT_EVERY, work.rows);
    const steady = round(work.ms / ((between / events) * offMs), 3);
    console.log(
      `  ${sessions} sessions: one snapshot's work ${work.ms} ms (${work.each_ms.join(' / ')}), every ${between} entries, ${Math.round((between / events) * offMs)} ms of ingest: ${steady}`,
    );
    const perSnapshot = pairs.map(([off, on]) =>
      Math.round((on.ingest_ms - off.ingest_ms) / Math.max(1, on.snapshots_written)),
    );
    return {
      sessions,
      hosts,
      events,
      off_ms: offMs,
      default_ms: median(of('default').map((run) => run.ingest_ms)),
      tail_ms: median(of('default').map((run) => run.tail_ms)),
      extra_ms_per_snapshot: median(perSnapshot),
      cost: median(costs),
      cost_each: costs,
      snapshots_written: median(of('default').map((run) => run.snapshots_written)),
      cpu_ms_per_1k_off: median(of('off').map((run) => run.cpu_ms_per_1k)),
      cpu_ms_per_1k_default: median(of('default').map((run) => run.cpu_ms_per_1k)),
      snapshot_ms: work.ms,
      entries_between: between,
      steady_cost: steady,
    };
  });
}

/** The snapshot scenario at each size of `sizes` (live sessions). */
export async function snapshotScenario(
  sizes: number[],
  events: number,
  rounds: number,
): Promise<SnapshotFigures> {
  const runs: SnapshotRun[] = [];
  const figures: SnapshotSize[] = [];
  for (const sessions of sizes) figures.push(await sizeScenario(sessions, events, rounds, runs));
  return { events, rounds, sizes: figures, runs };
}
