import type { NatsConnection } from 'nats';
import { Subjects, type AuthEvent } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { withBenchStack } from './bench-stack';
import { cpuMs, rssMiB } from './process-stats';
import { timedCall } from './rpc';
import { percentile, round } from './stats';
import { history } from './workload';

/** Whether the service runs with its detections (the defaults) or with every rule off. */
export type DetectionsSwitch = 'on' | 'off';

/**
 * The ingest workload with every fifth event a `login_failed` (20 %): from 500 addresses, one in
 * ten of them an attacker whose failures come in bursts, so that rules open and close alerts.
 */
export function failureHeavyHistory(count: number): AuthEvent[] {
  return history(count).map((event, i): AuthEvent => {
    if (i % 5 !== 4) return event;
    const n = Math.floor(i / 5);
    const address = n % 10 === 0 ? `203.0.${(n >> 8) % 4}.${n % 50}` : `10.${n % 200}.0.${n % 250}`;
    return {
      event_id: event.event_id,
      version: 1,
      occurred_at: event.occurred_at,
      host: event.host,
      boot_id: event.boot_id,
      kind: 'login_failed',
      origin: `${address}:${40000 + (i % 20000)}`,
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: `user${n % 13}` },
      error: 'Bad username or password',
    };
  });
}

/** Waits until the service has applied stream sequence `seq` (read-your-writes). */
async function appliedThrough(nc: NatsConnection, seq: number): Promise<void> {
  for (;;) {
    const body = JSON.stringify({ host: 'host-0', after_seq: seq });
    const reply = await nc.request(Subjects.sessions, body, { timeout: 10_000 });
    if (!reply.string().includes('"error"')) return;
  }
}

export interface DetectionsIngestRound {
  detections: DetectionsSwitch;
  service_per_s: number;
  service_cpu_ms_per_1k: number;
  rss_after_mib: number;
  alerts: number;
}

/**
 * One round of the ingest scenario on the failure-heavy workload: N events queued in the stream,
 * then the service started with its detections on or off and timed until it has applied them all.
 */
export function detectionsIngestRound(
  count: number,
  detections: DetectionsSwitch,
): Promise<DetectionsIngestRound> {
  return withBenchStack(
    `detections-${detections}`,
    async ({ nc, service }) => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'AUTH_EVENTS', subjects: ['auth.events.>'] });
      await new EventPublisher(nc).publishAll(failureHeavyHistory(count), 1000);
      const started = performance.now();
      await service.start();
      await appliedThrough(nc, count);
      const rate = count / ((performance.now() - started) / 1000);
      const alerts = await timedCall<number>(nc, Subjects.alerts, { options: { count: true } });
      return {
        detections,
        service_per_s: Math.round(rate),
        service_cpu_ms_per_1k: round((cpuMs(service.pid!) * 1000) / count, 1),
        rss_after_mib: Math.round(rssMiB(service.pid!)),
        alerts: alerts.result,
      };
    },
    { serviceEnv: { AUTHTRAIL_DETECTIONS: detections } },
  );
}

/** `alerts` brute-force bursts of 5 failures, each from its own address, a minute apart. */
export function alertBursts(alerts: number): AuthEvent[] {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const events: AuthEvent[] = [];
  for (let a = 0; a < alerts; a++) {
    for (let i = 0; i < 5; i++) {
      const n = a * 5 + i;
      events.push({
        event_id: `0190a5e0-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
        version: 1,
        occurred_at: new Date(start + a * 60_000 + i * 1000).toISOString(),
        host: `host-${a % 20}`,
        boot_id: '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d',
        kind: 'login_failed',
        origin: `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}:${50000 + i}`,
        credentials: 'LOGIN_PASSWORD',
        credentials_data: { username: `user${a % 97}` },
        error: 'Bad username or password',
      });
    }
  }
  return events;
}

/** The `audit.alerts` request shapes timed: a filter and a limit of 100, as the sessions' ones. */
export const ALERT_QUERIES: Record<string, unknown> = {
  'open, limit 100': { filters: [['closed_at', '=', null]], options: { limit: 100 } },
  'by rule and host, limit 100': {
    filters: [
      ['rule', '=', 'brute_force'],
      ['host', '=', 'host-7'],
    ],
    options: { limit: 100 },
  },
  'by address': { filters: [['address', '=', '10.0.19.136']] },
  'count >= 5, order_by -last_at, limit 100': {
    filters: [['count', '>=', 5]],
    options: { order_by: ['-last_at'], limit: 100 },
  },
  'count only': { options: { count: true } },
};

/**
 * `audit.alerts` round trips over NATS with `alerts` alerts kept (10,000: target p99 < 5 ms),
 * `requests` of each shape, after 50 of warm-up; p50 and p99 in ms per shape.
 */
export function alertsQueryScenario(
  alerts: number,
  requests = 1000,
): Promise<Record<string, { p50: number; p99: number }>> {
  return withBenchStack('alerts-query', async ({ nc, service }) => {
    await service.start();
    const receipts = await new EventPublisher(nc).publishAll(alertBursts(alerts), 1000);
    await appliedThrough(nc, receipts.at(-1)!.seq);
    const kept = await timedCall<number>(nc, Subjects.alerts, { options: { count: true } });
    if (kept.result !== alerts) throw new Error(`expected ${alerts} alerts, found ${kept.result}`);
    const figures: Record<string, { p50: number; p99: number }> = {};
    for (const [shape, body] of Object.entries(ALERT_QUERIES)) {
      for (let i = 0; i < 50; i++) await timedCall(nc, Subjects.alerts, body);
      const sample: number[] = [];
      for (let i = 0; i < requests; i++)
        sample.push((await timedCall(nc, Subjects.alerts, body)).ms);
      figures[shape] = { p50: round(percentile(sample, 50)), p99: round(percentile(sample, 99)) };
    }
    return figures;
  });
}
