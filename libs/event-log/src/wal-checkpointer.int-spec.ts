import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { verifyChain } from './chain-verifier';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';

function entries(count: number, offset: number): NewLogEntry[] {
  return Array.from({ length: count }, (_, i) =>
    newLogEntry(loggedIn({ sessionId: `s-${offset + i}` }), offset + i + 1),
  );
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not within the time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SqliteEventLog with background checkpoints', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-wal-'));
    path = join(dir, 'log.db');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves commits without checkpoints and copies the write-ahead log on its own thread', async () => {
    const log = new SqliteEventLog(path);
    log.startBackgroundCheckpoints();
    expect(connectionOf(log).pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let offset = 0; offset < 3000; offset += 500) log.append(entries(500, offset));
    await until(() => {
      const last = log.checkpointProgress?.last;
      return last !== undefined && last.log > 0 && last.checkpointed === last.log;
    });
    expect(log.checkpointProgress?.lastError).toBeUndefined();
    // What was copied is in the database file itself, not only in the write-ahead log.
    expect(statSync(path).size).toBeGreaterThan(1024 * 1024);
    await log.closeAfterCheckpoint();
    const reopened = new SqliteEventLog(path);
    expect(reopened.lastSeq()).toBe(3000);
    expect(verifyChain(connectionOf(reopened), 1, 3000)).toEqual({ ok: true, checked: 3000 });
    reopened.close();
  });

  it('goes on while a reader holds a snapshot, and catches up once it is gone', async () => {
    const log = new SqliteEventLog(path);
    log.startBackgroundCheckpoints();
    log.append(entries(500, 0));
    const reader = new Database(path, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM entries').get();
    for (let offset = 500; offset < 2500; offset += 500) log.append(entries(500, offset));
    expect(log.lastSeq()).toBe(2500);
    reader.prepare('COMMIT').run();
    reader.close();
    await until(() => {
      const last = log.checkpointProgress?.last;
      return last !== undefined && last.log > 0 && last.checkpointed === last.log;
    });
    await log.closeAfterCheckpoint();
  });

  it('is not used unless asked for: a plain writer checkpoints as SQLite does', () => {
    const log = new SqliteEventLog(path);
    expect(connectionOf(log).pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(log.checkpointProgress).toBeUndefined();
    log.close();
  });
});
