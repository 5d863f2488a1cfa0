import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { STREAM_DEFAULT, CONSUMER_DEFAULT, Subjects } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { REPO_ROOT } from '../harness/paths';
import type { CliRun } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

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
  let backupPosition: number;

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_SNAPSHOT_EVERY: '500' });
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
    backupPosition = readLog(backup).at(-1)!.stream_seq;
    // Taken mid-ingest: more than what was there before, less than what came after.
    expect(entriesInBackup).toBeGreaterThan(2_000);
    expect(entriesInBackup).toBeLessThan(6_000);
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    await stack.waitUntilApplied(lastSeq, 30_000);
    const live = readLog(stack.dbPath);
    expect(live).toHaveLength(6_000);
    expect(readLog(backup)).toEqual(live.slice(0, entriesInBackup));
  });

  it('restores: stop, copy back, start (the consumer left as it is); the log comes back whole', async () => {
    const logBefore = readLog(stack.dbPath);
    const sessionsBefore = await served();
    expect(await stack.service.stop()).toBe(0);
    // The consumer has acknowledged every event, well beyond the backup's last one.
    const jsm = await stack.nc.jetstreamManager();
    const consumerBefore = await jsm.consumers.info(STREAM_DEFAULT, CONSUMER_DEFAULT);
    expect(consumerBefore.ack_floor.stream_seq).toBe(lastSeq);
    expect(backupPosition).toBeLessThan(lastSeq);

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${stack.dbPath}${suffix}`, { force: true });
    copyFileSync(backup, stack.dbPath);

    // Behind the checkpoint the service published since the backup: nothing is signed until the
    // stream has brought the log back to it and the roots agree.
    await stack.service.start();
    expect(stack.service.output).toMatch(
      new RegExp(
        `the log \\(${entriesInBackup} entries\\) is behind the checkpoint of size 6000 published in AUTH_CHECKPOINTS`,
      ),
    );
    expect(stack.service.output).not.toMatch(/created durable consumer/);
    const [, snapshot] = /projection loaded: snapshot at seq (\d+)/
      .exec(stack.service.output)!
      .map(Number);
    expect(snapshot).toBeGreaterThan(0);
    expect(snapshot).toBeLessThanOrEqual(entriesInBackup);
    expect(stack.service.output).not.toMatch(/does not match the log/);

    // The events after the backup are read again from the stream, with the same hashes.
    await stack.waitUntilApplied(lastSeq, 30_000);
    const restored = readLog(stack.dbPath);
    expect(restored).toEqual(logBefore);
    // Every event published before the stop, exactly once, in stream order, seq without a gap.
    expect(restored.map((entry) => entry.event_id)).toEqual(events.map((e) => e.event_id));
    expect(restored.map((entry) => entry.seq)).toEqual(restored.map((_, i) => i + 1));
    expect(restored.map((entry) => entry.stream_seq)).toEqual(restored.map((_, i) => i + 1));
    expect((await stack.request(Subjects.logVerify, {})).body).toEqual({
      result: { ok: true, checked: events.length },
    });
    expect(await served()).toEqual(sessionsBefore);
    // Back at the signed checkpoint with the same root, the service signs again.
    await waitFor('the restored log to catch up with its checkpoint', () =>
      /the log caught up with the checkpoint of size 6000 published in AUTH_CHECKPOINTS: roots agree/.test(
        stack.service.output,
      )
        ? true
        : undefined,
    );
    // Read from the stream, past the consumer's ack floor, not redelivered by it.
    const read = [...stack.service.output.matchAll(/read stream messages (\d+)-(\d+)/g)];
    expect(Number(read[0][1])).toBe(backupPosition + 1);
    expect(Number(read.at(-1)![2])).toBe(lastSeq);

    // The consumer goes on with what comes next.
    const more = eventHistory(6_200, HOSTS.length, 11).slice(6_000);
    const receipts = await new EventPublisher(stack.nc).publishAll(more);
    expect(receipts[0].seq).toBe(lastSeq + 1);
    await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
    await waitFor('a checkpoint of the log after the restore', async () => {
      const reply = await stack.request(Subjects.checkpoint, {});
      return (reply.body.result as { size: number } | undefined)?.size === 6_200 ? true : undefined;
    });
    const after = readLog(stack.dbPath);
    expect(after.slice(0, logBefore.length)).toEqual(logBefore);
    expect(after.slice(logBefore.length).map((e) => [e.seq, e.stream_seq, e.event_id])).toEqual(
      more.map((e, i) => [logBefore.length + i + 1, lastSeq + i + 1, e.event_id]),
    );
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
