import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loggedIn } from '../fixtures/auth-events';
import { readLog } from '../harness/log-file';
import { REPO_ROOT } from '../harness/paths';
import type { CliRun } from '../harness/run-cli';
import { runServiceUntilItEnds } from '../harness/service-process';
import { TestStack } from '../harness/test-stack';

const BACKUP_BIN = resolve(REPO_ROOT, 'bin', 'authtrail-backup');

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

function login(i: number) {
  const at = new Date(Date.parse('2025-01-15T09:00:00Z') + i * 1000).toISOString();
  return loggedIn({ sessionId: `session-${i}`, occurred_at: at });
}

async function sessionIds(stack: TestStack, afterSeq?: number): Promise<unknown> {
  const reply = await stack.sessions({ options: { select: ['id'] } }, afterSeq);
  return reply.body.result;
}

describe('one writer per log file', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  it('refuses a second service on the same log with one line and exit 3; the first goes on', async () => {
    const first = await stack.publish(login(0));
    expect(await sessionIds(stack, first)).toEqual([{ id: 'session-0' }]);

    const second = await runServiceUntilItEnds({
      NATS_URL: stack.nats.url,
      AUTHTRAIL_DB: stack.dbPath,
      AUTHTRAIL_CONSUMER: 'second',
    });
    expect(second.code).toBe(3);
    const lines = second.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(stack.dbPath);
    expect(lines[0]).toContain(`pid ${stack.service.pid} on `);
    expect(second.stdout).not.toContain('ready:');

    expect(stack.service.running).toBe(true);
    expect(await sessionIds(stack)).toEqual([{ id: 'session-0' }]);
    const after = await stack.publish(login(1));
    expect(await sessionIds(stack, after)).toEqual([{ id: 'session-0' }, { id: 'session-1' }]);
  });

  it('lets authtrail-backup copy the log while the service holds it', async () => {
    const dest = join(stack.dir, 'copy.db');
    const run = await runBackup(stack.dbPath, dest);
    expect(run).toEqual({ code: 0, stdout: `backup: 2 entries, chain ok, ${dest}\n`, stderr: '' });
    expect(readLog(dest).map((entry) => entry.event_id)).toEqual(
      readLog(stack.dbPath).map((entry) => entry.event_id),
    );
    expect(stack.service.running).toBe(true);
  });

  it('starts again on the same log after the holder was SIGKILLed, with the same data', async () => {
    const before = await sessionIds(stack);
    expect(await stack.service.stop('SIGKILL')).toBeNull();
    await stack.service.start();
    expect(await sessionIds(stack)).toEqual(before);
    const next = await stack.publish(login(2));
    expect(await sessionIds(stack, next)).toEqual([
      { id: 'session-0' },
      { id: 'session-1' },
      { id: 'session-2' },
    ]);
  });
});
