import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { CHECKPOINT_BUCKET, Subjects } from '@authtrail/contracts';
import { entryHash, SqliteEventLog, verifyChain } from '@authtrail/event-log';
import { eventHistory } from '../fixtures/event-history';
import { newLogEntry } from '../fixtures/log-entries';
import { readLog } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { runCli, type CliRun } from '../harness/run-cli';
import { runServiceUntilItEnds } from '../harness/service-process';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/**
 * Three ways to tamper with the log file, each by someone who can write it: cut its end, rewrite
 * an entry with the chain (and the tree) after it, replace it with another valid log. Each is
 * found by the service at start (the checkpoint it published), by `audit monitor` (the
 * checkpoint it pinned), and by `audit verify` against a pinned checkpoint, even after the
 * attacker has also wiped the bucket and the file's own checkpoints and let the service sign
 * the forged log.
 */

const SIZE = 300;

/** The attacker's SQL: the append-only triggers go first. */
function tamper(path: string, sql: (db: Database.Database) => void): void {
  const db = new Database(path);
  for (const { name } of db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
    .all() as { name: string }[]) {
    db.exec(`DROP TRIGGER ${name}`);
  }
  sql(db);
  db.close();
}

/** Rewrites the chain hashes from entry `from` on, as the file's own verify expects them. */
function rechain(db: Database.Database, from: number): void {
  let previous = db
    .prepare('SELECT hash FROM entries WHERE seq = ?')
    .pluck()
    .get(from - 1) as string;
  const log = new SqliteEventLog(db.name, { readonly: true });
  const rows = [...log.read(from)];
  log.close();
  for (const entry of rows) {
    previous = entryHash(previous, entry);
    db.prepare('UPDATE entries SET hash = ? WHERE seq = ?').run(previous, entry.seq);
  }
}

/** Makes the tree be rebuilt from the entries as they now are (the upgrade does it at start). */
function rebuildTree(db: Database.Database): void {
  db.exec(
    'DROP TABLE detection_snapshots; DROP TABLE tree_hashes; DROP TABLE signed_checkpoints; PRAGMA user_version = 4',
  );
}

interface Scene {
  stack: TestStack;
  key: string;
  state: string;
  monitor(): Promise<CliRun>;
  verify(...extra: string[]): Promise<CliRun>;
}

async function scene(): Promise<Scene> {
  const stack = await TestStack.start();
  const key = join(dirname(stack.dbPath), 'signing.key.pub');
  const state = join(stack.dir, 'monitor');
  const env = () => ({ ...stack.cliEnv, AUTHTRAIL_VERIFY_KEY: readFileSync(key, 'utf8').trim() });
  const receipts = await publishPaced(stack.nc, eventHistory(SIZE, 3, 41), 5_000);
  await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
  await waitFor(`the checkpoint of size ${SIZE}`, async () => {
    const reply = await stack.request(Subjects.checkpoint, {});
    return (reply.body.result as { size: number } | undefined)?.size === SIZE ? true : undefined;
  });
  const scene: Scene = {
    stack,
    key,
    state,
    monitor: () => runCli(['audit', 'monitor', '--state', state], env()),
    verify: (...extra) => runCli(['audit', 'verify', ...extra], env()),
  };
  expect((await scene.monitor()).code).toBe(0);
  expect((await scene.verify()).code).toBe(0);
  expect(await stack.service.stop()).toBe(0);
  return scene;
}

/** The service refuses the tampered file at start, naming what differs. */
async function refusedAtStart(scene: Scene, reason: RegExp): Promise<void> {
  const run = await runServiceUntilItEnds(scene.stack.service.env);
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).toMatch(/refusing to sign a tree that does not extend it/);
}

/**
 * The attacker also wipes what would stop the service (the bucket, the file's checkpoints) and
 * lets it sign the forged log; new events arrive. The monitor and a verify pinned to the
 * monitor's checkpoint both find it.
 */
async function foundOnceSigned(scene: Scene, more: number, reason: RegExp): Promise<void> {
  const { stack } = scene;
  const jsm = await stack.nc.jetstreamManager();
  await jsm.streams.delete(`KV_${CHECKPOINT_BUCKET}`);
  tamper(stack.dbPath, (db) => db.exec('DELETE FROM signed_checkpoints'));
  await stack.service.start();
  const extra = eventHistory(SIZE + more, 3, 42).slice(SIZE);
  const receipts = await publishPaced(stack.nc, extra, 5_000);
  await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
  const size = (await stack.request(Subjects.stats, {})).body.result as { last_seq: number };
  await waitFor('the forged log to be signed', async () => {
    const reply = await stack.request(Subjects.checkpoint, {});
    return (reply.body.result as { size: number } | undefined)?.size === size.last_seq
      ? true
      : undefined;
  });

  const monitored = await scene.monitor();
  expect(monitored.code).toBe(1);
  expect(`${monitored.stdout}${monitored.stderr}`).toMatch(/inconsistent: /);

  const verified = await scene.verify('--checkpoint', join(scene.state, 'checkpoint'));
  expect(verified.code).toBe(1);
  expect(verified.stderr).toMatch(/^broken: /m);
  expect(verified.stderr).toMatch(reason);
}

describe('a tampered log file', () => {
  it('cut short (the last 100 entries gone, the ingest position moved back) is found', async () => {
    const s = await scene();
    try {
      const cut = readLog(s.stack.dbPath).slice(SIZE - 100);
      tamper(s.stack.dbPath, (db) => {
        db.prepare('DELETE FROM entries WHERE seq > ?').run(SIZE - 100);
        db.prepare('DELETE FROM tree_hashes WHERE seq > ?').run(SIZE - 100);
        db.prepare('UPDATE ingest_position SET stream_seq = ?').run(cut[0].stream_seq - 1);
      });
      await refusedAtStart(
        s,
        new RegExp(`the log holds ${SIZE - 100} entries, fewer than the ${SIZE} of the checkpoint`),
      );
      // The stream still holds the cut events (the service creates it with deny_delete), and a
      // position moved back would read them back. To keep them out the attacker also moves the
      // position forward again before letting the service sign.
      tamper(s.stack.dbPath, (db) =>
        db.prepare('UPDATE ingest_position SET stream_seq = ?').run(cut.at(-1)!.stream_seq),
      );
      await foundOnceSigned(s, 50, new RegExp(`has ${SIZE - 50} entries, fewer than the ${SIZE}`));
    } finally {
      await s.stack.dispose();
    }
  });

  it('with an entry rewritten and the chain and tree recomputed after it is found', async () => {
    const s = await scene();
    try {
      tamper(s.stack.dbPath, (db) => {
        db.prepare(
          `UPDATE entries SET event = replace(event, '"host-', '"hxst-') WHERE seq = 120`,
        ).run();
        rechain(db, 120);
        rebuildTree(db);
      });
      // The file agrees with itself: its chain and its rebuilt tree verify.
      new SqliteEventLog(s.stack.dbPath).close();
      const db = new Database(s.stack.dbPath, { readonly: true });
      expect(verifyChain(db)).toEqual({ ok: true, checked: SIZE });
      db.close();
      await refusedAtStart(s, new RegExp(`the log's root at size ${SIZE} is .* says`));
      await foundOnceSigned(s, 20, new RegExp(`the log's root at size ${SIZE} is `));
    } finally {
      await s.stack.dispose();
    }
  });

  it('replaced by another valid log is found', async () => {
    const s = await scene();
    try {
      const other = join(s.stack.dir, 'other.db');
      const log = new SqliteEventLog(other);
      log.append(eventHistory(SIZE, 3, 43).map((event, i) => newLogEntry(event, i + 1)));
      log.close();
      for (const suffix of ['', '-wal', '-shm']) {
        rmSync(`${s.stack.dbPath}${suffix}`, { force: true });
      }
      copyFileSync(other, s.stack.dbPath);
      await refusedAtStart(s, new RegExp(`the log's root at size ${SIZE} is .* says`));
      await foundOnceSigned(s, 20, new RegExp(`the log's root at size ${SIZE} is `));
    } finally {
      await s.stack.dispose();
    }
  });

  it('replaced by a shorter valid log is let catch up, and stopped where its root differs', async () => {
    const s = await scene();
    try {
      const other = join(s.stack.dir, 'short.db');
      const log = new SqliteEventLog(other);
      log.append(eventHistory(150, 3, 44).map((event, i) => newLogEntry(event, i + 1)));
      log.close();
      for (const suffix of ['', '-wal', '-shm']) {
        rmSync(`${s.stack.dbPath}${suffix}`, { force: true });
      }
      copyFileSync(other, s.stack.dbPath);
      // Only behind the published checkpoint, as a restored backup is: it starts, and reads the
      // stream from its position on; at the checkpoint's size its root is not the signed one.
      const run = await runServiceUntilItEnds(s.stack.service.env, 30_000);
      const output = `${run.stdout}${run.stderr}`;
      expect(output).toMatch(/the log \(150 entries\) is behind the checkpoint of size 300/);
      expect(output).toMatch(new RegExp(`the log's root at size ${SIZE} is .* says .*: stopping`));
      expect(run.code).toBe(3);
      const db = new Database(s.stack.dbPath, { readonly: true });
      expect(db.prepare('SELECT count(*) FROM signed_checkpoints').pluck().get()).toBe(0);
      db.close();
    } finally {
      await s.stack.dispose();
    }
  });
});
