import { availableParallelism } from 'node:os';
import type { JsMsg, NatsConnection } from 'nats';
import { Subjects, type AuthEvent } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { baselineDatabase, drainInBatches } from './batch-consumer';
import { withBenchStack } from './bench-stack';
import { cpuMs, rssMiB } from './process-stats';
import { sameWorkBaseline } from './same-work';
import { history } from './workload';

/** JetStream publish rate of one publisher with `inFlight` publishes unacknowledged (events/s). */
async function publishAll(
  nc: NatsConnection,
  events: AuthEvent[],
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  await new EventPublisher(nc).publishAll(events, inFlight);
  return events.length / ((performance.now() - started) / 1000);
}

/** The publishers the service's ingest is held against: publishes in flight. */
export const PUBLISH_WINDOWS = [1000, 2000] as const;

/**
 * Publishes `events` into an empty AUTH_EVENTS once per window of PUBLISH_WINDOWS, the stream
 * deleted and made again between (so each publish meets an empty stream and no duplicate
 * window), in the order of PUBLISH_WINDOWS in even rounds and the reverse in odd ones. The stream
 * of the last publish is left for the consumers. Returns events/s per window.
 */
async function publishEachWindow(
  nc: NatsConnection,
  events: AuthEvent[],
  round: number,
): Promise<Record<(typeof PUBLISH_WINDOWS)[number], number>> {
  const jsm = await nc.jetstreamManager();
  const windows = round % 2 === 0 ? [...PUBLISH_WINDOWS] : [...PUBLISH_WINDOWS].reverse();
  const rates = { 1000: 0, 2000: 0 };
  for (const [i, window] of windows.entries()) {
    if (i > 0) await jsm.streams.delete('AUTH_EVENTS');
    await jsm.streams.add({ name: 'AUTH_EVENTS', subjects: ['auth.events.>'] });
    rates[window] = await publishAll(nc, events, window);
  }
  return rates;
}

/**
 * The floor of this machine: a bare nats.js pull consumer that parses each message, appends it to
 * SQLite (WAL, synchronous=FULL, unique event_id) in one transaction per batch and acks the batch.
 */
async function rawBaseline(nc: NatsConnection, dir: string, count: number): Promise<number> {
  const db = baselineDatabase(
    dir,
    'raw',
    'CREATE TABLE entries (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, subject TEXT NOT NULL, event TEXT NOT NULL)',
  );
  const insert = db.prepare(
    'INSERT INTO entries (event_id, subject, event) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const commit = db.transaction((items: JsMsg[]) => {
    for (const m of items) {
      const event = JSON.parse(new TextDecoder().decode(m.data)) as { event_id: string };
      insert.run(event.event_id, m.subject, JSON.stringify(event));
    }
  });
  try {
    return await drainInBatches(nc, 'raw', count, commit);
  } finally {
    db.close();
  }
}

export interface IngestRound {
  /** JetStream publish rate of one publisher with 1,000 publishes in flight. */
  publish_per_s: number;
  /** The same with 2,000 in flight. */
  publish_2000_per_s: number;
  raw_per_s: number;
  /** The same-work consumer (bench/same-work.ts): the contract's per-event work, the obvious way. */
  same_work_per_s: number;
  service_per_s: number;
  ratio_to_raw: number;
  ratio_to_same_work: number;
  /** service_per_s / publish_per_s: whether ingest keeps up with one publisher. */
  ratio_to_publish: number;
  /** service_per_s / publish_2000_per_s. */
  ratio_to_publish_2000: number;
  /** CPU time of the raw baseline's consumer per 1,000 events. */
  raw_cpu_ms_per_1k: number;
  /** CPU time of the same-work consumer per 1,000 events. */
  same_work_cpu_ms_per_1k: number;
  /** Service CPU time from start to the last commit per 1,000 events (steadier than a rate). */
  service_cpu_ms_per_1k: number;
  /** nats-server CPU time per 1,000 events while the service drains the stream. */
  nats_cpu_ms_per_1k: number;
  /**
   * The highest ratio_to_raw any spreading of the service's work over this machine's cores could
   * give: all cores busy with nothing but the service and nats-server, at the CPU time per event
   * they used in this round.
   */
  ratio_ceiling: number;
  /**
   * The same bound against the same-work consumer: the highest ratio_to_same_work two (or all)
   * fully busy cores allow at this round's CPU per event of the service and nats-server.
   */
  same_work_ceiling: number;
  rss_after_mib: number;
}

/** Events/s that `cores` fully busy cores allow at `cpuMsPer1k` of CPU time per 1,000 events. */
const cpuBoundRate = (cores: number, cpuMsPer1k: number) => (cores * 1_000_000) / cpuMsPer1k;

/**
 * One round (number `round`, from 0): publish N with each window of PUBLISH_WINDOWS, drain the
 * last stream with the raw baseline and with the same-work consumer, then start the service and
 * time its ingest.
 * With `profileDir`, the service writes a V8 CPU profile there when it stops.
 */
export function ingestRound(
  count: number,
  round: number,
  profileDir?: string,
): Promise<IngestRound> {
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  return withBenchStack(
    'ingest',
    async ({ dir, nats, nc, service }) => {
      const events = history(count);
      const publishRates = await publishEachWindow(nc, events, round);
      const rawCpuBefore = process.cpuUsage();
      const rawRate = await rawBaseline(nc, dir, count);
      const rawCpu = process.cpuUsage(rawCpuBefore);
      const sameCpuBefore = process.cpuUsage();
      const sameRate = await sameWorkBaseline(nc, dir, count);
      const sameCpu = process.cpuUsage(sameCpuBefore);
      const natsCpuBefore = cpuMs(nats.pid!);
      const started = performance.now();
      await service.start();
      for (;;) {
        const reply = await nc.request(
          Subjects.sessions,
          JSON.stringify({ host: 'host-0', after_seq: count }),
          { timeout: 10_000 },
        );
        if (!reply.string().includes('"error"')) break;
      }
      const serviceRate = count / ((performance.now() - started) / 1000);
      const cpu = cpuMs(service.pid!);
      const natsCpu = cpuMs(nats.pid!) - natsCpuBefore;
      const rss = rssMiB(service.pid!);
      const per1k = (ms: number) => (ms * 1000) / count;
      const bound = cpuBoundRate(availableParallelism(), per1k(cpu) + per1k(natsCpu));
      return {
        publish_per_s: Math.round(publishRates[1000]),
        publish_2000_per_s: Math.round(publishRates[2000]),
        raw_per_s: Math.round(rawRate),
        same_work_per_s: Math.round(sameRate),
        service_per_s: Math.round(serviceRate),
        ratio_to_raw: Number((serviceRate / rawRate).toFixed(2)),
        ratio_to_same_work: Number((serviceRate / sameRate).toFixed(2)),
        ratio_to_publish: Number((serviceRate / publishRates[1000]).toFixed(2)),
        ratio_to_publish_2000: Number((serviceRate / publishRates[2000]).toFixed(2)),
        raw_cpu_ms_per_1k: Number(per1k((rawCpu.user + rawCpu.system) / 1000).toFixed(1)),
        same_work_cpu_ms_per_1k: Number(per1k((sameCpu.user + sameCpu.system) / 1000).toFixed(1)),
        service_cpu_ms_per_1k: Number(per1k(cpu).toFixed(1)),
        nats_cpu_ms_per_1k: Number(per1k(natsCpu).toFixed(1)),
        ratio_ceiling: Number((bound / rawRate).toFixed(2)),
        same_work_ceiling: Number((bound / sameRate).toFixed(2)),
        rss_after_mib: Math.round(rss),
      };
    },
    { nodeArgs },
  );
}
