import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openLogStore } from '@authtrail/event-log';
import {
  fromSnapshot,
  readSavedSnapshot,
  snapshotJson,
  toSnapshot,
  type SessionsState,
} from '@authtrail/sessions';
import type { ServiceConfig } from '../apps/audit-service/src/config/service-config';
import { SessionsProjection } from '../apps/audit-service/src/projection/sessions.projection';
import { fleetHost, fleetHosts } from './fleet-log';
import { seedLogins } from './seed-log';
import { median } from './stats';

/**
 * Start-up from a projection snapshot, in-process, without NATS: the fleet scenario's log (login
 * `i` on fleetHost(i, hosts), every session live) with the snapshot a first start saves, then
 * that snapshot loaded as start-up loads it, in a fresh process per run: read from the log file,
 * parsed, rebuilt into the projection's state (ms each, and their sum).
 *
 *   node scripts/build.js && node scripts/build.js tsconfig.bench.json
 *   node dist/bench/snapshot-load.js prepare <dir> [sessions] [hosts]   (writes <dir>/log.db)
 *   node dist/bench/snapshot-load.js load <dir>/log.db [runs]
 *   node dist/bench/snapshot-load.js resave <dir>/log.db   (its snapshot again, in today's form)
 *
 * Each run also prints a digest of the state loaded, the same for the same projection whatever
 * the snapshot's form, and the digest of the state a fold of the whole log gives (`prepare`).
 */

interface LoadFigures {
  read_ms: number;
  parse_ms: number;
  rebuild_ms: number;
  total_ms: number;
  /** CPU time of the process (every thread: the collector's helpers too) over the three. */
  cpu_ms: number;
  rows: number;
  digest: string;
}

const SNAPSHOT_EVERY = 10_000;

/** A digest of everything a projection state holds, walked in its own order. */
export function stateDigest(state: SessionsState): string {
  const hash = createHash('sha256');
  const add = (value: unknown) => hash.update(`${JSON.stringify(value)}\n`);
  add([state.lastSeq, state.lastStreamSeq, state.counters, state.changesKnownFrom]);
  for (const [host, counts] of state.entryCounts) add([host, counts]);
  for (const [host, keys] of state.earlyLogouts) add([host, [...keys]]);
  for (const [host, seq] of state.lastChangeSeqs) add([host, seq]);
  for (const [host, value] of state.hosts) {
    add([host, value.bootId, value.bootStartedAt, [...value.endedBoots], value.sessions.size]);
    for (const row of value.sessions) add([Object.keys(row), row]);
  }
  return hash.digest('hex').slice(0, 16);
}

function projectionOn(store: ReturnType<typeof openLogStore>): SessionsProjection {
  const config = { snapshotEvery: SNAPSHOT_EVERY } as ServiceConfig;
  return new SessionsProjection(store.log, store.snapshots, config);
}

/** Seeds the log and lets a first start fold it and save its snapshot. */
async function prepare(dir: string, sessions: number, hosts: number): Promise<void> {
  const path = join(dir, 'log.db');
  if (existsSync(path)) throw new Error(`${path} exists already`);
  mkdirSync(dir, { recursive: true });
  let started = performance.now();
  seedLogins(path, sessions, (i) => fleetHost(i, hosts));
  console.log(`seeded ${sessions} logins over ${hosts} hosts: ${ms(started)} ms`);
  const store = openLogStore(path);
  try {
    started = performance.now();
    const projection = projectionOn(store);
    projection.onModuleInit();
    console.log(`folded and saved at seq ${projection.lastSnapshotSeq}: ${ms(started)} ms`);
    console.log(`digest ${stateDigest(projection.state)}`);
  } finally {
    await store.close();
  }
}

const ms = (since: number) => Math.round(performance.now() - since);

/** One load of the newest snapshot, as start-up does it. */
async function loadOnce(path: string): Promise<LoadFigures> {
  const store = openLogStore(path);
  try {
    const { log, snapshots } = store;
    const cpu = process.cpuUsage();
    let mark = performance.now();
    const saved = snapshots.atOrBefore(log.lastSeq());
    const read = ms(mark);
    if (!saved) throw new Error(`${path} has no snapshot`);
    mark = performance.now();
    const stored = readSavedSnapshot(saved, log.hashAt(saved.seq));
    const parse = ms(mark);
    if (!stored) throw new Error(`the snapshot of ${path} is not its log's`);
    mark = performance.now();
    const state = fromSnapshot(stored);
    const rebuild = ms(mark);
    const used = process.cpuUsage(cpu);
    let rows = 0;
    for (const host of state.hosts.values()) rows += host.sessions.size;
    return {
      read_ms: read,
      parse_ms: parse,
      rebuild_ms: rebuild,
      total_ms: read + parse + rebuild,
      cpu_ms: Math.round((used.user + used.system) / 1000),
      rows,
      digest: stateDigest(state),
    };
  } finally {
    await store.close();
  }
}

/** Saves the newest snapshot of the log at `path` again, as this build writes it. */
async function resave(path: string): Promise<void> {
  const store = openLogStore(path);
  try {
    const saved = store.snapshots.atOrBefore(store.log.lastSeq());
    const stored = saved && readSavedSnapshot(saved, store.log.hashAt(saved.seq));
    if (!saved || !stored) throw new Error(`${path} has no snapshot of its own`);
    const state = fromSnapshot(stored);
    const text = snapshotJson(toSnapshot(state));
    store.snapshots.save({ ...saved, state: text }, new Date().toISOString());
    console.log(
      `saved at seq ${saved.seq}: ${text.length} characters, digest ${stateDigest(state)}`,
    );
  } finally {
    await store.close();
  }
}

function load(path: string, runs: number): void {
  const each: LoadFigures[] = [];
  for (let r = 0; r < runs; r++) {
    const child = spawnSync(process.execPath, [__filename, 'load-once', path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`run ${r + 1} failed (${child.status})`);
    const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as LoadFigures;
    console.log(JSON.stringify(figures));
    each.push(figures);
  }
  const of = (key: keyof LoadFigures) => median(each.map((f) => f[key] as number));
  console.log(
    `median of ${runs}: read ${of('read_ms')} ms, parse ${of('parse_ms')} ms, rebuild ${of('rebuild_ms')} ms, total ${of('total_ms')} ms (CPU ${of('cpu_ms')} ms)`,
  );
}

async function main(): Promise<void> {
  const [mode, target, ...rest] = process.argv.slice(2);
  if (mode === 'prepare' && target) {
    const sessions = Number(rest[0] ?? 1_000_000);
    await prepare(target, sessions, Number(rest[1] ?? fleetHosts(sessions)));
  } else if (mode === 'load' && target) {
    load(target, Number(rest[0] ?? 3));
  } else if (mode === 'resave' && target) {
    await resave(target);
  } else if (mode === 'load-once' && target) {
    console.log(JSON.stringify(await loadOnce(target)));
  } else {
    throw new Error(
      'usage: snapshot-load.js prepare <dir> [sessions] [hosts] | load <log> [runs] | resave <log>',
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
