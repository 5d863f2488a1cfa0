import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { NatsConnection } from 'nats';
import { Subjects, type AuthEvent } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { startNatsServer } from '../test/harness/nats-server';
import { ServiceProcess } from '../test/harness/service-process';
import { seedLogins } from './seed-log';

/** Live sessions per host of the fleets of the fleet and snapshot scenarios. */
export const SESSIONS_PER_HOST = 100;

/** Hosts of a fleet of `sessions` live sessions. */
export const fleetHosts = (sessions: number): number =>
  Math.max(1, Math.round(sessions / SESSIONS_PER_HOST));

/** The host of login `i` of a fleet of `hosts` hosts (no workload host is named so). */
export const fleetHost = (i: number, hosts: number): string => `fleet-${i % hosts}`;

/** Where this run keeps its prepared logs, removed when the process ends. */
let preparedDir: string | undefined;
/** The prepared logs by `<sessions>x<hosts>` (each in a directory of its own, with its key). */
const prepared = new Map<string, string>();

const keyOf = (sessions: number, hosts: number) => `${sessions}x${hosts}`;

function runDir(): string {
  if (!preparedDir) {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bench-fleets-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    preparedDir = dir;
  }
  return preparedDir;
}

/** Copies the log at `log` to `to`, with the files beside it that a start needs (its key). */
function copyLog(log: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  for (const file of readdirSync(dirname(log))) {
    const target =
      file === basename(log)
        ? to
        : file === `${basename(log)}-wal`
          ? `${to}-wal`
          : file.startsWith('signing.key')
            ? join(dirname(to), file)
            : undefined;
    if (target) copyFileSync(join(dirname(log), file), target);
  }
}

/**
 * Keeps the log at `log` (closed by a service that stopped, its projection snapshot at its end) as
 * this run's prepared log of `sessions` logins over `hosts` fleet hosts, for the scenarios after.
 */
export function keepFleetLog(log: string, sessions: number, hosts: number): void {
  const key = keyOf(sessions, hosts);
  if (prepared.has(key)) return;
  const kept = join(runDir(), key, 'log.db');
  copyLog(log, kept);
  prepared.set(key, kept);
}

/**
 * The path of this run's log of `sessions` logins over `hosts` fleet hosts (login `i` on
 * fleetHost(i, hosts), every session live) as a service leaves it when it has ingested them and
 * stopped: the entries, the projection's snapshot at the last one, its signing key. The first call
 * for a size in a run (unless keepFleetLog gave one) seeds it and starts a service on it, against a
 * nats-server of its own, to write the snapshot. Not to be opened: copy it.
 */
export async function prepareFleetLog(sessions: number, hosts: number): Promise<string> {
  const key = keyOf(sessions, hosts);
  const known = prepared.get(key);
  if (known) return known;
  const log = join(runDir(), key, 'log.db');
  mkdirSync(dirname(log), { recursive: true });
  seedLogins(log, sessions, (i) => fleetHost(i, hosts));
  // A start folds the whole log and, past AUTHTRAIL_SNAPSHOT_EVERY entries, saves the snapshot
  // before it is ready; the stop has nothing more to save. Its own server: the service makes
  // the stream it finds missing, and makes it so that it cannot be purged (see queueAfter).
  const nats = await startNatsServer();
  try {
    const service = new ServiceProcess({ NATS_URL: nats.url, AUTHTRAIL_DB: log });
    await service.start('ready:', 600_000);
    await service.stop();
  } finally {
    await nats.dispose();
  }
  prepared.set(key, log);
  return log;
}

/** Writes a copy of prepareFleetLog's log at `to` (a path in a directory of its own). */
export async function copyFleetLog(to: string, sessions: number, hosts: number): Promise<void> {
  const log = await prepareFleetLog(sessions, hosts);
  if (existsSync(to)) throw new Error(`${to} exists already`);
  copyLog(log, to);
}

/**
 * Queues `events` in AUTH_EVENTS right after stream seq `after` (the position of a seeded log):
 * the stream is made (before any service makes it unpurgeable) and purged up to there, so its
 * next seq is `after` + 1. The events are published by one publisher with 1,000 in flight;
 * returns the last one's seq.
 */
export async function queueAfter(
  nc: NatsConnection,
  after: number,
  events: readonly AuthEvent[],
): Promise<number> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: 'AUTH_EVENTS', subjects: ['auth.events.>'] });
  await jsm.streams.purge('AUTH_EVENTS', { seq: after + 1 });
  const receipts = await new EventPublisher(nc).publishAll(events, 1000);
  const last = receipts.reduce((max, receipt) => Math.max(max, receipt.seq), 0);
  if (last !== after + events.length)
    throw new Error(`queued up to stream seq ${last}, not ${after + events.length}`);
  return last;
}

/**
 * Waits until the service has handled stream seq `seq` (an `auth.sessions` count with
 * `after_seq`, answered as soon as it is applied, or a 504 after 5 s that is asked again). True
 * once handled, false when `deadline` (performance.now() time) passes first.
 */
export async function untilHandled(
  nc: NatsConnection,
  seq: number,
  deadline: number,
): Promise<boolean> {
  // host-0: a host of the benchmark's workload (bench/workload.ts), a few hundred sessions.
  const body = JSON.stringify({ host: 'host-0', after_seq: seq, options: { count: true } });
  while (performance.now() < deadline) {
    try {
      const reply = await nc.request(Subjects.sessions, body, { timeout: 10_000 });
      if (!reply.string().includes('"error"')) return true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'TIMEOUT') throw error;
    }
  }
  return false;
}

/**
 * Waits until the log at `path` (a service's, open beside it) has committed stream seq `seq`, read
 * from the file every `everyMs` (so a busy service's event loop does not delay the reading).
 * Returns the position reached: `seq` or more, or less when `deadline` (performance.now() time)
 * passed first.
 */
export async function untilCommitted(
  path: string,
  seq: number,
  deadline: number,
  everyMs = 50,
): Promise<number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const position = db.prepare('SELECT stream_seq FROM ingest_position WHERE id = 1').pluck();
    for (;;) {
      const reached = position.get() as number;
      if (reached >= seq || performance.now() >= deadline) return reached;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  } finally {
    db.close();
  }
}
