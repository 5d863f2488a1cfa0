import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NatsConnection } from 'nats';
import { ServiceProcess } from '../test/harness/service-process';
import { nextReply } from './worker-replies';
import { withBenchStack } from './bench-stack';
import { copyFleetLog, fleetHost, prepareFleetLog, queueAfter, untilCommitted } from './fleet-log';
import type { FloodReport, FloodSettings, RequestTally } from './flood-background';
import { median, percentile, round } from './stats';
import { history } from './workload';

/** With the flood of queries, or only the cheap query. */
export type FloodMode = 'flood' | 'quiet';

/** The host of every live session of the scenario (a fleet of one host). */
const HOST = fleetHost(0, 1);

/**
 * The flood's query: a regular expression over every session of the host and the newest first
 * (TrueNAS filter_list; a page of 100, as a client pages it; usernames are user0 … user96).
 */
export const FLOOD_QUERY = {
  host: HOST,
  filters: [['credentials_data.username', '~', '^user.*9$']],
  options: { order_by: ['-created_at'], limit: 100 },
};

/** The cheap query asked meanwhile: one host, limit 10. */
export const CHEAP_QUERY = { host: HOST, options: { limit: 10 } };

const PROBE_EVERY_MS = 20;
/** The cheap query's first second is counted apart: the service's code paths are still cold. */
const PROBE_WARMUP_MS = 1_000;
const PROBE_TIMEOUT_MS = 5_000;
const FLOOD_TIMEOUT_MS = 30_000;
/**
 * How long a run with the flood may ingest, in times the first run without it took (and at
 * least MIN_FLOOD_RUN_MS): what it ingested by then gives its rate. A rate a fifth of the quiet
 * one is far from the target (at most 20 % less), and a starved ingest would run for ever.
 */
const FLOOD_RUN_LIMIT = 5;
const MIN_FLOOD_RUN_MS = 10_000;
const QUIET_RUN_LIMIT_MS = 600_000;

/** Round trips of one kind of request; percentiles count a timed-out one as its timeout. */
export interface LatencySummary {
  sent: number;
  answered: number;
  /** Error replies by code. */
  errors: Record<string, number>;
  timed_out: number;
  failed: number;
  outstanding_at_stop: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export interface FloodRun {
  mode: FloodMode;
  round: number;
  /** From the service's ready line to the last queued event handled. */
  ingest_ms: number;
  events_per_s: number;
  /** False when the ingest had not ended within its time (the rate is then of what it did). */
  finished: boolean;
  probe: LatencySummary;
  /** The probes of the first second, not in `probe`. */
  warmup_probe: LatencySummary;
  flood: LatencySummary;
}

export interface FloodFigures {
  sessions: number;
  events: number;
  flood_per_s: number;
  flood_query: typeof FLOOD_QUERY;
  cheap_query: typeof CHEAP_QUERY;
  rounds: number;
  quiet_events_per_s: number;
  flood_events_per_s: number;
  /** Each round's ingest rate with the flood over the rate without it, and their median. */
  ratio: number;
  ratio_each: number[];
  /** The cheap query's p99 over every probe of the runs with the flood, and each run's. */
  probe_p99_ms: number;
  probe_p99_each: number[];
  /** The same without the flood, for comparison. */
  quiet_probe_p99_ms: number;
  runs: FloodRun[];
}

/** The latencies of a tally with each timed-out request counted as its timeout. */
const withTimeouts = (tally: RequestTally, timeoutMs: number) => [
  ...tally.ms,
  ...Array<number>(tally.timed_out).fill(timeoutMs),
];

function summary(tally: RequestTally, timeoutMs: number): LatencySummary {
  const sample = withTimeouts(tally, timeoutMs);
  return {
    sent: tally.sent,
    answered: tally.ms.length,
    errors: tally.errors,
    timed_out: tally.timed_out,
    failed: tally.failed,
    outstanding_at_stop: tally.outstanding,
    p50_ms: round(percentile(sample, 50)),
    p99_ms: round(percentile(sample, 99)),
    max_ms: round(sample.reduce((a, b) => Math.max(a, b), 0)),
  };
}

function startBackground(settings: FloodSettings) {
  const worker = new Worker(join(__dirname, 'flood-background.js'), { workerData: settings });
  const next = <T>() => nextReply<T>(worker);
  return {
    ready: next<unknown>(),
    start: () => worker.postMessage('start'),
    async stop(): Promise<FloodReport> {
      const report = next<FloodReport>();
      worker.postMessage('stop');
      const result = await report;
      await worker.terminate();
      return result;
    },
  };
}

interface RunPlan {
  sessions: number;
  mode: FloodMode;
  round: number;
  floodPerSecond: number;
  /** The last queued event's stream seq, and how many were queued. */
  last: number;
  events: number;
  /** How long the ingest may take. */
  limitMs: number;
}

/**
 * One service on a fresh copy of the host's log, with a durable consumer of its own on the
 * shared stream. From its ready line the background worker sends the cheap query (and, with the
 * flood, the flood's) until the log file holds the last queued event (or the run's time is up).
 */
async function floodRun(
  nc: NatsConnection,
  natsUrl: string,
  dir: string,
  plan: RunPlan,
): Promise<{ run: FloodRun; report: FloodReport }> {
  const name = `run-${plan.round}-${plan.mode}`;
  const db = join(dir, name, 'log.db');
  await copyFleetLog(db, plan.sessions, 1);
  const service = new ServiceProcess({
    NATS_URL: natsUrl,
    AUTHTRAIL_DB: db,
    AUTHTRAIL_CONSUMER: name,
  });
  const background = startBackground({
    url: natsUrl,
    floodBody: JSON.stringify(FLOOD_QUERY),
    floodPerSecond: plan.mode === 'flood' ? plan.floodPerSecond : 0,
    floodTimeoutMs: FLOOD_TIMEOUT_MS,
    probeBody: JSON.stringify(CHEAP_QUERY),
    probeEveryMs: PROBE_EVERY_MS,
    probeTimeoutMs: PROBE_TIMEOUT_MS,
    probeWarmupMs: PROBE_WARMUP_MS,
  });
  let report: FloodReport | undefined;
  try {
    await Promise.all([service.start('ready:', 600_000), background.ready]);
    background.start();
    const started = performance.now();
    const reached = await untilCommitted(db, plan.last, started + plan.limitMs);
    const ms = performance.now() - started;
    report = await background.stop();
    const finished = reached >= plan.last;
    const ingested = Math.max(0, Math.min(plan.events, reached - (plan.last - plan.events)));
    return {
      run: {
        mode: plan.mode,
        round: plan.round,
        ingest_ms: Math.round(ms),
        events_per_s: Math.round(ingested / (ms / 1000)),
        finished,
        probe: summary(report.probe, PROBE_TIMEOUT_MS),
        warmup_probe: summary(report.warmup, PROBE_TIMEOUT_MS),
        flood: summary(report.flood, FLOOD_TIMEOUT_MS),
      },
      report,
    };
  } finally {
    if (!report) await background.stop().catch(() => undefined);
    await service.stop('SIGKILL');
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.delete('AUTH_EVENTS', name).catch(() => undefined);
    rmSync(dirname(db), { recursive: true, force: true });
  }
}

/**
 * The query flood: `sessions` live sessions on one host; `events` events of the benchmark's
 * workload queued after them and ingested by a service started on a copy of that log, once while
 * FLOOD_QUERY is sent `floodPerSecond` times a second and once without, alternating (quiet first
 * in even rounds), `rounds` times; in both, CHEAP_QUERY every 20 ms (its first second counted apart). A run with the flood ingests
 * for at most FLOOD_RUN_LIMIT times the first quiet run's time.
 */
export function floodScenario(
  sessions: number,
  events: number,
  floodPerSecond: number,
  rounds: number,
): Promise<FloodFigures> {
  return withBenchStack('flood', async ({ dir, nats, nc }) => {
    await prepareFleetLog(sessions, 1);
    const last = await queueAfter(nc, sessions, history(events));
    const runs: FloodRun[] = [];
    const reports = new Map<FloodRun, FloodReport>();
    let floodLimitMs = MIN_FLOOD_RUN_MS;
    for (let r = 0; r < rounds; r++) {
      const order: FloodMode[] = r % 2 === 0 ? ['quiet', 'flood'] : ['flood', 'quiet'];
      for (const mode of order) {
        const { run, report } = await floodRun(nc, nats.url, dir, {
          sessions,
          mode,
          round: r,
          floodPerSecond,
          last,
          events,
          limitMs: mode === 'flood' ? floodLimitMs : QUIET_RUN_LIMIT_MS,
        });
        if (r === 0 && mode === 'quiet')
          floodLimitMs = Math.max(MIN_FLOOD_RUN_MS, FLOOD_RUN_LIMIT * run.ingest_ms);
        console.log(
          `  ${mode}, round ${r + 1}: ${run.events_per_s} events/s${run.finished ? '' : ' (not finished)'}, cheap query p99 ${run.probe.p99_ms} ms, flood ${run.flood.answered} of ${run.flood.sent} answered (p50 ${run.flood.p50_ms} ms)`,
        );
        runs.push(run);
        reports.set(run, report);
      }
    }
    const of = (mode: FloodMode) => runs.filter((run) => run.mode === mode);
    const ratios = Array.from({ length: rounds }, (_, r) => {
      const [quiet, flood] = (['quiet', 'flood'] as const).map((mode) =>
        runs.find((run) => run.round === r && run.mode === mode)!,
      );
      return round(flood.events_per_s / quiet.events_per_s, 3);
    });
    const pooled = (mode: FloodMode) =>
      of(mode).flatMap((run) => withTimeouts(reports.get(run)!.probe, PROBE_TIMEOUT_MS));
    return {
      sessions,
      events,
      flood_per_s: floodPerSecond,
      flood_query: FLOOD_QUERY,
      cheap_query: CHEAP_QUERY,
      rounds,
      quiet_events_per_s: median(of('quiet').map((run) => run.events_per_s)),
      flood_events_per_s: median(of('flood').map((run) => run.events_per_s)),
      ratio: median(ratios),
      ratio_each: ratios,
      probe_p99_ms: round(percentile(pooled('flood'), 99)),
      probe_p99_each: of('flood').map((run) => run.probe.p99_ms),
      quiet_probe_p99_ms: round(percentile(pooled('quiet'), 99)),
      runs,
    };
  });
}
