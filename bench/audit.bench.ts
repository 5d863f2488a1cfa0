import { createInbox, type NatsConnection } from 'nats';
import { Subjects } from '@authtrail/contracts';
import { seededRandom } from '../test/fixtures/event-history';
import { seedHistory } from '../test/harness/seed-history';
import { withBenchStack } from './bench-stack';
import { median, percentile, round, spread } from './stats';

const HOSTS = 20;

/** A log of `count` entries written before the service starts, and how fast it was written. */
async function seedLog(
  path: string,
  count: number,
): Promise<{ first: number; last: number; rate: number }> {
  const started = performance.now();
  const range = await seedHistory(path, count, HOSTS, 1);
  return { ...range, rate: count / ((performance.now() - started) / 1000) };
}

async function replayAll(nc: NatsConnection): Promise<number> {
  const inbox = createInbox();
  const sub = nc.subscribe(inbox);
  nc.publish(Subjects.replay, '{}', { reply: inbox });
  let entries = 0;
  for await (const msg of sub) {
    if (msg.data.length === 0) break;
    const body = JSON.parse(msg.string()) as { result?: unknown[]; error?: unknown };
    if (body.error) throw new Error(`replay failed: ${JSON.stringify(body.error)}`);
    entries += body.result?.length ?? 0;
  }
  sub.unsubscribe();
  return entries;
}

export interface AuditFigures {
  entries: number;
  seed_entries_per_s: number;
  startup_ms: { median: number; spread: number; projection_load_ms: number };
  verify_entries_per_s: { median: number; spread: number };
  replay_entries_per_s: { median: number; spread: number };
  sessions_at_ms: { p50: number; p99: number; p99_spread: number; requests_per_round: number };
  rounds: number;
}

/** Start-up, verify, replay and time travel on a log of `count` entries. */
export function auditScenario(count: number, rounds: number): Promise<AuditFigures> {
  return withBenchStack('audit', async ({ db, nc, service }) => {
    const seeded = await seedLog(db, count);
    const startups: number[] = [];
    let loadMs = 0;
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      await service.start();
      startups.push(performance.now() - started);
      loadMs = Number(/replayed, (\d+) ms/.exec(service.output)?.[1] ?? Number.NaN);
      if (r < rounds - 1) await service.stop();
    }
    const verifyRates: number[] = [];
    const replayRates: number[] = [];
    const atP50: number[] = [];
    const atP99: number[] = [];
    const random = seededRandom(99);
    for (let r = 0; r < rounds; r++) {
      let started = performance.now();
      const verify = await nc.request(Subjects.logVerify, '{}', { timeout: 120_000 });
      const result = (JSON.parse(verify.string()) as { result: { ok: boolean; checked: number } })
        .result;
      if (!result.ok || result.checked !== count) throw new Error(`verify: ${verify.string()}`);
      verifyRates.push(count / ((performance.now() - started) / 1000));

      started = performance.now();
      const replayed = await replayAll(nc);
      if (replayed !== count) throw new Error(`replay returned ${replayed} of ${count}`);
      replayRates.push(count / ((performance.now() - started) / 1000));

      const sample: number[] = [];
      for (let i = 0; i < 100; i++) {
        const at = new Date(
          seeded.first + Math.floor(random() * (seeded.last - seeded.first)),
        ).toISOString();
        const host = `host-${Math.floor(random() * HOSTS)}`;
        started = performance.now();
        const reply = await nc.request(Subjects.sessionsAt, JSON.stringify({ at, host }), {
          timeout: 30_000,
        });
        sample.push(performance.now() - started);
        if (reply.string().startsWith('{"error"'))
          throw new Error(`sessions.at: ${reply.string()}`);
      }
      atP50.push(percentile(sample, 50));
      atP99.push(percentile(sample, 99));
    }
    return {
      entries: count,
      seed_entries_per_s: Math.round(seeded.rate),
      startup_ms: {
        median: round(median(startups), 1),
        spread: round(spread(startups), 1),
        projection_load_ms: loadMs,
      },
      verify_entries_per_s: {
        median: Math.round(median(verifyRates)),
        spread: Math.round(spread(verifyRates)),
      },
      replay_entries_per_s: {
        median: Math.round(median(replayRates)),
        spread: Math.round(spread(replayRates)),
      },
      sessions_at_ms: {
        p50: round(median(atP50), 2),
        p99: round(median(atP99), 2),
        p99_spread: round(spread(atP99), 2),
        requests_per_round: 100,
      },
      rounds,
    };
  });
}
