import { Subjects } from '@authtrail/contracts';
import { withBenchStack } from './bench-stack';
import { rssMiB } from './process-stats';
import { seedLogins } from './seed-log';
import { median, percentile, round, spread } from './stats';

/** The REF §6 filter shapes the query scenario measures. */
export const QUERY_CASES: Record<string, { filters: unknown[]; options: Record<string, unknown> }> =
  {
    'equality + limit 100': { filters: [['credentials', '=', 'API_KEY']], options: { limit: 100 } },
    'OR + limit 100': {
      filters: [
        [
          'OR',
          [
            ['credentials', '=', 'TOKEN'],
            ['internal', '=', true],
          ],
        ],
      ],
      options: { limit: 100 },
    },
    'dotted path + limit 100': {
      filters: [['credentials_data.username', '=', 'user7']],
      options: { limit: 100 },
    },
    'regex + limit 100': { filters: [['origin', '~', '10\\.0\\.1\\.']], options: { limit: 100 } },
    '$date + limit 100': {
      filters: [['created_at.$date', '>=', '2025-01-15T12:00:00']],
      options: { limit: 100 },
    },
    'filter + order_by + limit 100': {
      filters: [['internal', '=', false]],
      options: { order_by: ['-created_at'], limit: 100 },
    },
    count: { filters: [['internal', '=', false]], options: { count: true } },
    get: { filters: [['id', '=', 'session-5']], options: { get: true } },
  };

/** Resident memory of the service at each size, after its queries. */
export const queryRss: Record<number, number> = {};

export interface QueryFigure {
  sessions: number;
  case: string;
  p50_ms: number;
  p99_ms: number;
  p99_spread_ms: number;
  rounds: number;
  requests_per_round: number;
}

const REQUESTS = 400;
const WARMUP_PER_CASE = 50;

/** auth.sessions latency over NATS at each size: median of `rounds` rounds of p50/p99. */
export async function queryScenario(sizes: number[], rounds: number): Promise<QueryFigure[]> {
  const figures: QueryFigure[] = [];
  for (const size of sizes) {
    await withBenchStack('query', async ({ db, nc, service }) => {
      seedLogins(db, size);
      await service.start();
      const ask = async (body: unknown) => {
        const started = performance.now();
        const reply = await nc.request(Subjects.sessions, JSON.stringify(body), {
          timeout: 10_000,
        });
        const ms = performance.now() - started;
        const parsed = JSON.parse(new TextDecoder().decode(reply.data)) as { error?: unknown };
        if (parsed.error) throw new Error(`query failed: ${JSON.stringify(parsed.error)}`);
        return ms;
      };
      // Warm-up, not counted: every shape a few times, so no case pays for compiling the code
      // paths of its filter on its first requests (the first case measured used to).
      for (const body of Object.values(QUERY_CASES)) {
        for (let i = 0; i < WARMUP_PER_CASE; i++) await ask(body);
      }
      for (const [name, body] of Object.entries(QUERY_CASES)) {
        const p50s: number[] = [];
        const p99s: number[] = [];
        for (let r = 0; r < rounds; r++) {
          const sample: number[] = [];
          for (let i = 0; i < REQUESTS; i++) sample.push(await ask(body));
          p50s.push(percentile(sample, 50));
          p99s.push(percentile(sample, 99));
        }
        figures.push({
          sessions: size,
          case: name,
          p50_ms: round(median(p50s), 3),
          p99_ms: round(median(p99s), 3),
          p99_spread_ms: round(spread(p99s), 3),
          rounds,
          requests_per_round: REQUESTS,
        });
      }
      queryRss[size] = Math.round(rssMiB(service.pid!));
    });
  }
  return figures;
}
