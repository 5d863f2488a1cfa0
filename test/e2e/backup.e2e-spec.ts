import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { STREAM_DEFAULT, CONSUMER_DEFAULT } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { REPO_ROOT } from '../harness/paths';
import type { CliRun } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

const BACKUP_BIN = resolve(REPO_ROOT, 'bin', 'authtrail-backup');
const HOSTS = ['host-0', 'host-1', 'host-2'];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Runs the real `bin/authtrail-backup` as a process. */
function runBackup(...args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BACKUP_BIN, ...args],
      { env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('authtrail-backup beside the running service', () => {
  let stack: TestStack;
  const events = eventHistory(6_000, HOSTS.length, 11);
  let backup: string;
  let entriesInBackup: number;
  let lastSeq: number;

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_CHECKPOINT_EVERY: '500' });
    backup = join(stack.dir, 'backup.db');
  });

  afterAll(() => stack?.dispose());

  async function served(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const host of HOSTS) out[host] = (await stack.sessions({ host })).body.result;
    return out;
  }

  it('copies a consistent, verified, owner-only log while the service ingests', async () => {
    const first = await new EventPublisher(stack.nc).publishAll(events.slice(0, 2_000));
    await stack.waitUntilApplied(first.at(-1)!.seq, 30_000);

    // Four more seconds of steady publishing, with the backup taken in the middle of it.
    const rest = publishPaced(stack.nc, events.slice(2_000), 1_000);
    await sleep(500);
    const run = await runBackup(stack.dbPath, backup);
    const receipts = await rest;
    lastSeq = receipts.at(-1)!.seq;

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const match = /^backup: (\d+) entries, chain ok, (.+)\n$/.exec(run.stdout);
    expect(match?.[2]).toBe(backup);
    entriesInBackup = Number(match?.[1]);
    // Taken mid-ingest: more than what was there before, less than what came after.
    expect(entriesInBackup).toBeGreaterThan(2_000);
    expect(entriesInBackup).toBeLessThan(6_000);
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    await stack.waitUntilApplied(lastSeq, 30_000);
    const live = readLog(stack.dbPath);
    expect(live).toHaveLength(6_000);
    expect(readLog(backup)).toEqual(live.slice(0, entriesInBackup));
  });

  it('restores: stop, copy back, recreate the consumer, start; the log comes back whole', async () => {
    const logBefore = readLog(stack.dbPath);
    const sessionsBefore = await served();
    expect(await stack.service.stop()).toBe(0);

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${stack.dbPath}${suffix}`, { force: true });
    copyFileSync(backup, stack.dbPath);
    const jsm = await stack.nc.jetstreamManager();
    await jsm.consumers.delete(STREAM_DEFAULT, CONSUMER_DEFAULT);

    await stack.service.start();
    const [, checkpoint] = /projection loaded: checkpoint at seq (\d+)/
      .exec(stack.service.output)!
      .map(Number);
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThanOrEqual(entriesInBackup);
    expect(stack.service.output).not.toMatch(/does not match the log/);

    // The events after the backup are read again from the stream, with the same hashes.
    await stack.waitUntilApplied(lastSeq, 30_000);
    expect(readLog(stack.dbPath)).toEqual(logBefore);
    expect(await served()).toEqual(sessionsBefore);
  });

  it('fails with one line and a non-zero exit, and never overwrites', async () => {
    const taken = join(stack.dir, 'taken.db');
    writeFileSync(taken, 'keep me');
    expect(await runBackup(stack.dbPath, taken)).toEqual({
      code: 1,
      stdout: '',
      stderr: `authtrail-backup: ${taken} already exists; a backup never overwrites a file\n`,
    });
    expect(readFileSync(taken, 'utf8')).toBe('keep me');

    const missing = join(stack.dir, 'missing.db');
    expect(await runBackup(missing, join(stack.dir, 'b.db'))).toEqual({
      code: 1,
      stdout: '',
      stderr: `authtrail-backup: ${missing} does not exist\n`,
    });
    expect(await runBackup(stack.dbPath)).toMatchObject({ code: 2, stdout: '' });

    // A log whose chain was edited: the copy is made, the check fails.
    const tampered = join(stack.dir, 'tampered.db');
    copyFileSync(backup, tampered);
    const db = new Database(tampered);
    db.exec('DROP TRIGGER entries_append_only_update');
    db.prepare(`UPDATE entries SET host = 'forged' WHERE seq = 17`).run();
    db.close();
    const copy = join(stack.dir, 'tampered-copy.db');
    const run = await runBackup(tampered, copy);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `authtrail-backup: the hash chain of ${tampered} is broken at entry 17 ` +
        `(entry 17 does not match its hash); the copy ${copy} is kept for inspection\n`,
    });
  });
});
