import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { auditScenario, type LatencyFigure } from './audit.bench';
import {
  alertsQueryScenario,
  detectionsIngestRound,
  type DetectionsIngestRound,
  type DetectionsSwitch,
} from './detections.bench';
import { fleetHosts } from './fleet-log';
import { floodScenario } from './flood.bench';
import { hostileScenario } from './hostile.bench';
import { ingestRound, type IngestRound } from './ingest.bench';
import { liveLatency } from './live.bench';
import { median, spread } from './stats';
import { issueSummary, type IssueFigures } from './summary';
import { queryRss, queryScenario } from './query.bench';
import { scaleScenario } from './scale.bench';
import { snapshotScenario } from './snapshots.bench';
import { treeScenario } from './tree.bench';
import { upgradeScenario } from './upgrade.bench';

interface Args {
  only?: string;
  rounds: number;
  entries?: number;
  events?: number;
  /** Where the ingest scenario's service writes its CPU profiles. */
  profile?: string;
  /** Live sessions of the hostile scenario's host. */
  hostileSessions?: number;
  /** Seconds each hostile request may take before it counts as timed out. */
  hostileTimeout?: number;
  /** The detections scenario's service: with its detections, without, or both (the default). */
  detections?: DetectionsSwitch;
  /** Live sessions of the snapshot scenario's projections. */
  snapshotSizes?: number[];
  /** Events the snapshot scenario ingests at each size. */
  snapshotEvents?: number;
  /** Live sessions of the flood scenario's host. */
  floodSessions?: number;
  /** Events the flood scenario ingests in each run. */
  floodEvents?: number;
  /** The flood's queries a second. */
  floodRate?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') args.only = argv[++i];
    else if (argv[i] === '--rounds') args.rounds = Number(argv[++i]);
    else if (argv[i] === '--entries') args.entries = Number(argv[++i]);
    else if (argv[i] === '--events') args.events = Number(argv[++i]);
    else if (argv[i] === '--profile') args.profile = resolve(argv[++i]);
    else if (argv[i] === '--hostile-sessions') args.hostileSessions = Number(argv[++i]);
    else if (argv[i] === '--hostile-timeout') args.hostileTimeout = Number(argv[++i]);
    else if (argv[i] === '--detections') args.detections = argv[++i] as DetectionsSwitch;
    else if (argv[i] === '--snapshot-sizes') args.snapshotSizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--snapshot-events') args.snapshotEvents = Number(argv[++i]);
    else if (argv[i] === '--flood-sessions') args.floodSessions = Number(argv[++i]);
    else if (argv[i] === '--flood-events') args.floodEvents = Number(argv[++i]);
    else if (argv[i] === '--flood-rate') args.floodRate = Number(argv[++i]);
  }
  return args;
}

/** Every scenario, in the order a run takes them. */
const SCENARIOS = [
  'ingest',
  'live',
  'scale',
  'snapshots',
  'flood',
  'tree',
  'query',
  'hostile',
  'audit',
  'upgrade',
  'detections',
] as const;
type Scenario = (typeof SCENARIOS)[number];

/**
 * A run without --only: the scenarios of issue 19's figures (ingest, live, scale, snapshots,
 * flood) and what fits beside them in the issue's 15 minutes on a 2-core machine (tree, query).
 * The others (hostile, audit and upgrade at 1,000,000 entries, detections) run when named.
 */
const DEFAULT_RUN: readonly Scenario[] = [
  'ingest',
  'live',
  'scale',
  'snapshots',
  'flood',
  'tree',
  'query',
];

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = Object.keys(rows[0]);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    line(keys),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(keys.map((k) => String(r[k])))),
  ].join('\n');
}

/** The p50 and p99 rows of a latency figure. */
function latencyRows(name: string, figure: LatencyFigure): Record<string, unknown>[] {
  return [
    { figure: `${name} p50 (ms)`, value: figure.p50, spread: '' },
    { figure: `${name} p99 (ms)`, value: figure.p99, spread: figure.p99_spread },
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const results: Record<string, unknown> = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memory_gib: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    started_at: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  };
  const chosen = args.only ? args.only.split(',') : DEFAULT_RUN;
  const unknown = chosen.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`no scenario ${unknown.join(', ')} (scenarios: ${SCENARIOS.join(', ')})`);
  results.scenarios = chosen;
  const wall: Record<string, number> = {};
  results.wall_s = wall;
  const issue: IssueFigures = {};
  /** Runs a chosen scenario and prints and keeps its wall time. */
  const scenario = async (name: Scenario, run: () => Promise<void>) => {
    if (!chosen.includes(name)) return;
    const started = performance.now();
    await run();
    wall[name] = Math.round((performance.now() - started) / 1000);
    console.log(`(${name}: ${wall[name]} s)`);
  };
  await scenario('ingest', async () => {
    const count = args.events ?? 200_000;
    const rounds: IngestRound[] = [];
    for (let r = 0; r < args.rounds; r++) rounds.push(await ingestRound(count, r, args.profile));
    const summary = (key: keyof (typeof rounds)[number]) => {
      const values = rounds.map((round) => round[key]);
      return {
        figure: key,
        median: median(values),
        spread: Number(spread(values).toFixed(2)),
        rounds: values.join(' / '),
      };
    };
    const rows = (
      [
        'publish_per_s',
        'publish_2000_per_s',
        'raw_per_s',
        'same_work_per_s',
        'service_per_s',
        'ratio_to_raw',
        'ratio_to_same_work',
        'ratio_to_publish',
        'ratio_to_publish_2000',
        'raw_cpu_ms_per_1k',
        'same_work_cpu_ms_per_1k',
        'service_cpu_ms_per_1k',
        'nats_cpu_ms_per_1k',
        'ratio_ceiling',
        'same_work_ceiling',
        'rss_after_mib',
      ] as const
    ).map(summary);
    results.ingest = { events: count, rounds, summary: rows };
    issue.ingest = { events: count, rounds };
    console.log(
      `\nIngest: ${count} events already in the stream, ${args.rounds} rounds\n${table(rows)}`,
    );
  });
  await scenario('live', async () => {
    const rounds: Awaited<ReturnType<typeof liveLatency>>[] = [];
    for (let r = 0; r < args.rounds; r++) {
      // The writes of the scenarios before (hundreds of MB after ingest) reach the disk first, as
      // the fleet's starts do: a round measures the service's own commits, not their write-back.
      execFileSync('sync');
      rounds.push(await liveLatency(5_000, 30, 3));
    }
    const row = {
      figure: 'publish to audit.log.appended at 5,000 events/s for 30 s (after 3 s warm-up)',
      p50_ms: median(rounds.map((x) => x.p50_ms)),
      p99_ms: median(rounds.map((x) => x.p99_ms)),
      p99_spread_ms: Number(spread(rounds.map((x) => x.p99_ms)).toFixed(2)),
      max_ms: median(rounds.map((x) => x.max_ms)),
      publishes_retried: rounds.reduce((sum, x) => sum + x.publishes_retried, 0),
    };
    results.live = { rounds, summary: row };
    issue.live = { rounds, per_second: 5_000, seconds: 30 };
    console.log(`\nLive latency, ${args.rounds} rounds (median)\n${table([row])}`);
    console.log(
      `p50 / p99 of each round (ms): ${rounds.map((x) => `${x.p50_ms} / ${x.p99_ms}`).join(', ')}`,
    );
  });
  await scenario('scale', async () => {
    const sessions = args.entries ?? 1_000_000;
    const figures = await scaleScenario(sessions, fleetHosts(sessions));
    results.scale = figures;
    issue.scale = figures;
    console.log(
      `\nA fleet: ${figures.sessions} live sessions over ${figures.hosts} hosts\n${table([
        {
          figure: 'resident memory, empty service (MiB)',
          value: figures.empty_rss_mib,
          target: '',
        },
        { figure: 'resident memory (MiB)', value: figures.rss_mib, target: '< 1,000' },
        {
          figure: 'bytes per session beyond empty',
          value: figures.bytes_per_session,
          target: '< 1,024',
        },
        {
          figure: 'auth.sessions, one host, filter + limit 100, p50 (ms)',
          value: figures.query_p50_ms,
          target: '',
        },
        {
          figure: 'auth.sessions, one host, filter + limit 100, p99 (ms)',
          value: figures.query_p99_ms,
          target: '< 20',
        },
        { figure: 'start to ready, no snapshot (ms)', value: figures.first_start_ms, target: '' },
        {
          figure: `start to ready from its snapshot, median of ${figures.starts_ms.length} (ms)`,
          value: figures.start_ms,
          target: '< 3,000',
        },
        { figure: 'each start (ms)', value: figures.starts_ms.join(' / '), target: '' },
      ])}`,
    );
  });
  await scenario('snapshots', async () => {
    const figures = await snapshotScenario(
      args.snapshotSizes ?? [10_000, 100_000, 1_000_000],
      args.snapshotEvents ?? 50_000,
      args.rounds,
    );
    results.snapshots = figures;
    issue.snapshots = figures;
    console.log(
      `\nProjection snapshots: ${figures.events} events ingested at each size, default cadence against off, ${figures.rounds} rounds alternating (median)\n${table(
        figures.sizes.map((size) => ({
          sessions: size.sessions,
          'off ms': size.off_ms,
          'default ms': size.default_ms,
          'tail ms': size.tail_ms,
          cost: size.cost,
          'cost each': size.cost_each.join(' / '),
          snapshots: size.snapshots_written,
          'ms per snapshot': size.extra_ms_per_snapshot,
          'cpu/1k off': size.cpu_ms_per_1k_off,
          'cpu/1k default': size.cpu_ms_per_1k_default,
        })),
      )}`,
    );
  });
  await scenario('flood', async () => {
    const figures = await floodScenario(
      args.floodSessions ?? 100_000,
      args.floodEvents ?? 50_000,
      args.floodRate ?? 50,
      args.rounds,
    );
    results.flood = figures;
    issue.flood = figures;
    console.log(
      `\nA query flood at ${figures.sessions} live sessions (${figures.flood_per_s}/s of ${JSON.stringify(figures.flood_query)}): ${figures.events} events ingested, ${figures.rounds} rounds alternating\n${table(
        figures.runs.map((run) => ({
          round: run.round + 1,
          mode: run.mode,
          'events/s': run.events_per_s,
          finished: run.finished,
          'cheap p50': run.probe.p50_ms,
          'cheap p99': run.probe.p99_ms,
          'cheap timed out': run.probe.timed_out,
          'flood sent': run.flood.sent,
          'flood answered': run.flood.answered,
          'flood errors': JSON.stringify(run.flood.errors),
          'flood p50': run.flood.p50_ms,
        })),
      )}`,
    );
  });
  await scenario('tree', async () => {
    const figures = treeScenario(args.entries ?? 200_000, args.rounds);
    results.tree = figures;
    console.log(
      `\nThe Merkle tree alone: ${figures.leaves} leaves, ${args.rounds} rounds (median)\n${table([
        { figure: 'SqliteTree.append per leaf, wall (µs)', value: figures.append_us },
        { figure: 'SqliteTree.append per leaf, CPU (µs)', value: figures.append_cpu_us },
        { figure: 'SqliteTree.problemAt per leaf (µs)', value: figures.check_us },
      ])}`,
    );
  });
  await scenario('query', async () => {
    const figures = await queryScenario([1_000, 10_000, 100_000], args.rounds);
    results.query = figures;
    results.query_rss_mib = queryRss;
    console.log(
      `\nQuery: auth.sessions over NATS, ${args.rounds} rounds, median p50/p99 (ms)\n${table(figures as never)}`,
    );
    console.log(`\nService resident memory by live sessions (MiB): ${JSON.stringify(queryRss)}`);
  });
  await scenario('hostile', async () => {
    const sessions = args.hostileSessions ?? 100_000;
    const timeout = args.hostileTimeout ?? 60;
    console.log(`\nHostile queries at ${sessions} live sessions (one round):`);
    const figures = await hostileScenario({ sessions, requestTimeoutMs: timeout * 1000 });
    results.hostile = figures;
    console.log(
      `\nHostile queries at ${sessions} live sessions, ${timeout} s per request, battery ${figures.battery_s} s\n${table(
        figures.battery as never,
      )}`,
    );
    console.log(
      table([
        { figure: 'probe p99 (ms, target < 50)', value: figures.probe.p99_ms },
        { figure: 'probe worst (ms, target < 200)', value: figures.probe.max_ms },
        {
          figure: 'probes timed out (5 s) / failed / sent',
          value: `${figures.probe.timed_out} / ${figures.probe.failed} / ${figures.probe.sent}`,
        },
        {
          figure: 'longest event-loop stall (ms, target < 100)',
          value: figures.event_loop_stall_max_ms,
        },
        {
          figure: 'events published during the battery',
          value: `${figures.ingest.published} at ${figures.ingest.publish_per_s}/s (${figures.ingest.publish_failed} failed)`,
        },
        {
          figure: 'all in the log within 2 s after (caught up in ms)',
          value: `${figures.ingest.within_2s} (${figures.ingest.caught_up_ms ?? 'not within 120 s'})`,
        },
        { figure: 'service restarts (frozen past timeout + 10 s)', value: figures.restarts },
      ]),
    );
  });
  await scenario('audit', async () => {
    const entries = args.entries ?? 1_000_000;
    const figures = await auditScenario(entries, args.rounds);
    results.audit = figures;
    console.log(`\nAudit side at ${entries} log entries, ${args.rounds} rounds (median, spread)`);
    console.log(
      table([
        {
          figure: 'start-up to ready (ms)',
          value: figures.startup_ms.median,
          spread: figures.startup_ms.spread,
        },
        {
          figure: 'projection load in start-up (ms)',
          value: figures.startup_ms.projection_load_ms,
          spread: '',
        },
        {
          figure: 'verify (entries/s)',
          value: figures.verify_entries_per_s.median,
          spread: figures.verify_entries_per_s.spread,
        },
        {
          figure: 'replay to a reader (entries/s)',
          value: figures.replay_entries_per_s.median,
          spread: figures.replay_entries_per_s.spread,
        },
        ...latencyRows('audit.sessions.at', figures.sessions_at_ms),
        ...latencyRows(
          `audit.proof.inclusion to size ${figures.checkpoint_size}`,
          figures.inclusion_proof_ms,
        ),
        ...latencyRows(
          `audit.proof.consistency to size ${figures.checkpoint_size}`,
          figures.consistency_proof_ms,
        ),
        ...latencyRows('audit.checkpoint (from memory)', figures.checkpoint_ms),
        { figure: 'seeding the log (entries/s)', value: figures.seed_entries_per_s, spread: '' },
      ]),
    );
    console.log(
      `start-up rounds (ms): ${figures.startup_ms.each.join(' / ')}; the first start after ` +
        `the seeder, not among them (detections folded over the whole log, once): ` +
        `${figures.startup_ms.first}`,
    );
  });
  await scenario('upgrade', async () => {
    const entries = args.entries ?? 1_000_000;
    const figures = await upgradeScenario(entries, args.rounds);
    results.upgrade = figures;
    console.log(
      `\nUpgrade of a schema-2 log of ${entries} entries (${figures.schema2_file_mib} MiB), ${args.rounds} rounds (median, spread)`,
    );
    console.log(
      table([
        {
          figure: 'service start to ready, tree built (ms)',
          value: figures.service_start_ms.median,
          spread: figures.service_start_ms.spread,
          rounds: figures.service_start_ms.each.join(' / '),
        },
        {
          figure: 'new SqliteEventLog(path) (ms)',
          value: figures.open_ms.median,
          spread: figures.open_ms.spread,
          rounds: figures.open_ms.each.join(' / '),
        },
        {
          figure: 'progress lines on stderr',
          value: figures.progress_lines.join(' / '),
          spread: '',
          rounds: '',
        },
        { figure: 'file after (MiB)', value: figures.upgraded_file_mib, spread: '', rounds: '' },
      ]),
    );
    console.log(figures.progress_lines_last_round.join('\n'));
  });
  await scenario('detections', async () => {
    const count = args.events ?? 200_000;
    const switches: DetectionsSwitch[] = args.detections ? [args.detections] : ['off', 'on'];
    const rounds: DetectionsIngestRound[] = [];
    for (let r = 0; r < args.rounds; r++) {
      for (const detections of switches)
        rounds.push(await detectionsIngestRound(count, detections));
    }
    const rows = switches.map((detections) => {
      const mine = rounds.filter((x) => x.detections === detections);
      return {
        detections,
        'events/s': median(mine.map((x) => x.service_per_s)),
        spread: spread(mine.map((x) => x.service_per_s)),
        'cpu ms/1k': median(mine.map((x) => x.service_cpu_ms_per_1k)),
        'rss MiB': median(mine.map((x) => x.rss_after_mib)),
        alerts: median(mine.map((x) => x.alerts)),
      };
    });
    const alertQueries = await alertsQueryScenario(10_000);
    results.detections = { events: count, rounds, summary: rows, alerts_query: alertQueries };
    console.log(
      `\nIngest with 20 % login_failed, detections ${switches.join('/')}: ${count} events, ${args.rounds} rounds (median)\n${table(rows)}`,
    );
    const queryRows = Object.entries(alertQueries).map(([shape, f]) => ({ shape, ...f }));
    console.log(`\naudit.alerts with 10,000 alerts (ms; target p99 < 5)\n${table(queryRows)}`);
  });
  results.finished_at = new Date().toISOString();
  wall.total = Math.round(performance.now() / 1000);
  // Issue 19's table when the run measured any of its figures (the others say `not run`).
  if (Object.keys(issue).length > 0) {
    const targets = issueSummary(issue);
    results.issue_19 = targets;
    console.log(`\nIssue 19's figures (${results.command as string})\n${table(targets as never)}`);
  }
  console.log(
    `\nWall time (s)\n${table(Object.entries(wall).map(([name, s]) => ({ scenario: name, s })))}`,
  );
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: bench/results/latest.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
