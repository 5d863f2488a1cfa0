import { createInbox, type NatsConnection } from 'nats';
import { Subjects } from '@authtrail/contracts';
import { seededRandom } from '../test/fixtures/event-history';
import { withBenchStack } from './bench-stack';
import { checkpointOfWholeLog, PROOF_REQUESTS, proofRound, type ProofRound } from './proofs.bench';
import { AUDIT_HOSTS, seedAuditLog } from './seed-log';
import { median, percentile, round, spread } from './stats';

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
  /**
   * `each`: every round's start, after a first start that is not among them (`first`): the
   * seeder writes no detections' saved state, so that one folds the detections over the whole log
   * (once, as after an upgrade from a schema before them) and signs the log's first checkpoint.
   */
  startup_ms: {
    median: number;
    spread: number;
    each: number[];
    first: number;
    projection_load_ms: number;
  };
  verify_entries_per_s: { median: number; spread: number };
  replay_entries_per_s: { median: number; spread: number };
  sessions_at_ms: LatencyFigure;
  /** The size of the checkpoint the proofs are asked against (the whole log). */
  checkpoint_size: number;
  inclusion_proof_ms: LatencyFigure;
  consistency_proof_ms: LatencyFigure;
  /** `audit.checkpoint` (answered from memory) between the proofs: the RPC path's own share. */
  checkpoint_ms: LatencyFigure;
  rounds: number;
}

/** Median over the rounds of each round's p50 and p99, and the p99s' spread and values. */
export interface LatencyFigure {
  p50: number;
  p99: number;
  p99_spread: number;
  /** Each round's p99. */
  p99_rounds: number[];
  requests_per_round: number;
}

function latency(rounds: { p50: number; p99: number }[], requests: number): LatencyFigure {
  const p99s = rounds.map((r) => r.p99);
  return {
    p50: round(median(rounds.map((r) => r.p50)), 2),
    p99: round(median(p99s), 2),
    p99_spread: round(spread(p99s), 2),
    p99_rounds: p99s.map((ms) => round(ms, 2)),
    requests_per_round: requests,
  };
}

/**
 * Start-up (the tree's check against the signed checkpoints included), verify, replay, time
 * travel and the proofs against the checkpoint of the whole log, on a log of `count` entries.
 */
export function auditScenario(count: number, rounds: number): Promise<AuditFigures> {
  return withBenchStack('audit', async ({ db, nc, service }) => {
    const seeded = await seedAuditLog(db, count);
    const startups: number[] = [];
    let loadMs = 0;
    let started = performance.now();
    await service.start();
    const firstStart = performance.now() - started;
    await service.stop();
    for (let r = 0; r < rounds; r++) {
      started = performance.now();
      await service.start();
      startups.push(performance.now() - started);
      loadMs = Number(/replayed, (\d+) ms/.exec(service.output)?.[1] ?? Number.NaN);
      if (r < rounds - 1) await service.stop();
    }
    const checkpoint = await checkpointOfWholeLog(nc, count);
    const verifyRates: number[] = [];
    const replayRates: number[] = [];
    const atRounds: { p50: number; p99: number }[] = [];
    const proofRounds: ProofRound[] = [];
    const random = seededRandom(99);
    // Their own draws, so time travel asks what it asked before the proofs were measured.
    const proofRandom = seededRandom(6962);
    for (let r = 0; r < rounds; r++) {
      started = performance.now();
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
        const host = `host-${Math.floor(random() * AUDIT_HOSTS)}`;
        started = performance.now();
        const reply = await nc.request(Subjects.sessionsAt, JSON.stringify({ at, host }), {
          timeout: 30_000,
        });
        sample.push(performance.now() - started);
        if (reply.string().startsWith('{"error"'))
          throw new Error(`sessions.at: ${reply.string()}`);
      }
      atRounds.push({ p50: percentile(sample, 50), p99: percentile(sample, 99) });

      proofRounds.push(await proofRound(nc, db, checkpoint, proofRandom));
    }
    return {
      entries: count,
      seed_entries_per_s: Math.round(seeded.rate),
      startup_ms: {
        median: round(median(startups), 1),
        spread: round(spread(startups), 1),
        each: startups.map((ms) => round(ms, 1)),
        first: round(firstStart, 1),
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
      sessions_at_ms: latency(atRounds, 100),
      checkpoint_size: checkpoint.size,
      inclusion_proof_ms: latency(
        proofRounds.map((r) => r.inclusion),
        PROOF_REQUESTS,
      ),
      consistency_proof_ms: latency(
        proofRounds.map((r) => r.consistency),
        PROOF_REQUESTS,
      ),
      checkpoint_ms: latency(
        proofRounds.map((r) => r.checkpoint),
        PROOF_REQUESTS,
      ),
      rounds,
    };
  });
}
