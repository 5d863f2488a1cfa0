import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Subjects } from '@authtrail/contracts';
import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stats(
  stack: TestStack,
): Promise<{ healthy: boolean; ingest: { failing: boolean; last_error?: string } }> {
  return (await stack.request(Subjects.stats, {})).body.result as never;
}

describe('log write failures', () => {
  it('does not ack a batch it cannot commit, reports unhealthy, and resumes in order when the lock goes', async () => {
    const stack = await TestStack.start();
    try {
      const first = eventHistory(100, 1, 3);
      const before = await publishPaced(stack.nc, first.slice(0, 20), 10_000);
      await stack.sessions({}, before.at(-1)!.seq);
      const writer = new Database(stack.dbPath, { timeout: 1000 });
      writer.exec('BEGIN EXCLUSIVE');
      const receipts = await publishPaced(stack.nc, first.slice(20), 10_000);
      const failing = await waitFor('ingest to report failure', async () => {
        const s = await stats(stack);
        return s.ingest.failing ? s : undefined;
      });
      expect(failing.healthy).toBe(false);
      expect(failing.ingest.last_error).toMatch(/database is locked/);
      await sleep(1500);
      expect(readLog(stack.dbPath)).toHaveLength(20);
      writer.exec('ROLLBACK');
      writer.close();
      await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
      const log = readLog(stack.dbPath);
      expect(log.map((e) => e.event_id)).toEqual(first.map((e) => e.event_id));
      expect(log.map((e) => e.stream_seq)).toEqual(
        [...log.map((e) => e.stream_seq)].sort((a, b) => a - b),
      );
      expect((await stats(stack)).healthy).toBe(true);
      const lines = stack.service.output.match(/ingest batch failed, retrying in place/g) ?? [];
      expect(lines).toHaveLength(1);
      expect(stack.service.output).toMatch(/ingest recovered/);
    } finally {
      await stack.dispose();
    }
  });

  it('survives a full disk: nothing skipped, resumes when space is freed', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'authtrail-small-fs-'));
    // Room, once the filler goes, for what waits: the 2,900 entries take about 3 MB in the log
    // file and, until a checkpoint copies them there, as much again in the write-ahead log.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]);
    const dir = join(mount, 'data');
    mkdirSync(dir);
    const stack = await TestStack.start({ AUTHTRAIL_DB: join(dir, 'log.db') });
    try {
      const events = eventHistory(3000, 2, 9);
      await publishPaced(stack.nc, events.slice(0, 100), 10_000);
      await stack.sessions({ host: 'host-0' }, 100);
      const filler = join(mount, 'filler');
      const free = () =>
        Number(execFileSync('df', ['--output=avail', '-B1', mount]).toString().split('\n')[1]);
      writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 64 * 1024)));
      const receipts = await publishPaced(stack.nc, events.slice(100), 20_000);
      await waitFor(
        'ingest to hit the full disk',
        async () => ((await stats(stack)).ingest.failing ? true : undefined),
        30_000,
      );
      expect((await stats(stack)).ingest.last_error).toMatch(/full|disk/i);
      rmSync(filler);
      await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
      const log = readLog(stack.dbPath);
      expect(log.map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
      expect((await stack.request(Subjects.logVerify, {})).body.result).toEqual({
        ok: true,
        checked: 3000,
      });
    } finally {
      await stack.dispose();
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });
});
