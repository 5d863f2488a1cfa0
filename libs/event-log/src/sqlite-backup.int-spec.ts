import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { BackupError } from './backup-error';
import { LogSchemaError } from './log-schema';
import { backupLog } from './sqlite-backup';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';

function newEntry(streamSeq: number): NewLogEntry {
  const event = loggedIn();
  return newLogEntry(event, streamSeq);
}

describe('backupLog', () => {
  let dir: string;
  let source: string;
  let log: SqliteEventLog;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-backup-'));
    source = join(dir, 'authtrail.db');
    log = new SqliteEventLog(source);
    log.append(Array.from({ length: 50 }, (_, i) => newEntry(i + 1)));
  });

  afterEach(() => {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const copyOf = (path: string) => {
    const copy = new SqliteEventLog(path, { readonly: true });
    try {
      return [...copy.read()];
    } finally {
      copy.close();
    }
  };

  it('copies every entry into one owner-only, self-contained file and verifies its chain', async () => {
    const dest = join(dir, 'backup.db');
    const result = await backupLog(source, dest);
    expect(result).toEqual({
      path: dest,
      entries: 50,
      lastSeq: 50,
      lastStreamSeq: 50,
      handledStreamSeq: 50,
      verify: { ok: true, checked: 50 },
    });
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.startsWith('backup'))).toEqual(['backup.db']);
    expect(copyOf(dest)).toEqual([...log.read()]);
  });

  it('carries the ingest position into the copy, beyond its last entry', async () => {
    log.append([], 57); // 51-57 were dead-lettered after the last entry
    const dest = join(dir, 'backup.db');
    const result = await backupLog(source, dest);
    expect(result).toMatchObject({ lastStreamSeq: 50, handledStreamSeq: 57 });
    log.append([newEntry(58)], 60); // after the backup: not in the copy
    const copy = new SqliteEventLog(dest);
    try {
      expect(copy.handledStreamSeq()).toBe(57);
      expect(copy.lastStreamSeq()).toBe(50);
    } finally {
      copy.close();
    }
  });

  it('copies one consistent state while the writer goes on appending', async () => {
    const dest = join(dir, 'backup.db');
    let appended = 0;
    const writer = setInterval(() => {
      log.append([newEntry(100 + appended)]);
      appended++;
    }, 0);
    try {
      // Enough pages that the copy spans several turns of the event loop's writer.
      log.append(Array.from({ length: 3_000 }, (_, i) => newEntry(1_000 + i)));
      const before = log.lastSeq();
      const result = await backupLog(source, dest);
      // The writer appended while the copy was made; the copy holds a prefix of the log.
      expect(log.lastSeq()).toBeGreaterThan(before);
      expect(result.lastSeq).toBeGreaterThanOrEqual(before);
      expect(result.verify).toEqual({ ok: true, checked: result.entries });
      expect(copyOf(dest)).toEqual([...log.read(1, result.lastSeq)]);
    } finally {
      clearInterval(writer);
    }
  });

  it('refuses a destination that exists, and leaves it as it was', async () => {
    const dest = join(dir, 'taken.db');
    writeFileSync(dest, 'keep me');
    await expect(backupLog(source, dest)).rejects.toThrow(
      new BackupError(`${dest} already exists; a backup never overwrites a file`),
    );
    await expect(backupLog(source, source)).rejects.toThrow(BackupError);
    expect(statSync(dest).size).toBe(7);
  });

  it('refuses a missing log, a missing folder and a log of a newer schema', async () => {
    await expect(backupLog(join(dir, 'none.db'), join(dir, 'b.db'))).rejects.toThrow(
      `${join(dir, 'none.db')} does not exist`,
    );
    await expect(backupLog(source, join(dir, 'no', 'b.db'))).rejects.toThrow(/^cannot create /);
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    await expect(backupLog(newer, join(dir, 'c.db'))).rejects.toThrow(LogSchemaError);
    expect(existsSync(join(dir, 'b.db')) || existsSync(join(dir, 'c.db'))).toBe(false);
  });

  it('reports a broken chain in the copy, and keeps the copy', async () => {
    connectionOf(log).exec('DROP TRIGGER entries_append_only_update');
    connectionOf(log).prepare(`UPDATE entries SET host = 'forged' WHERE seq = 17`).run();
    const dest = join(dir, 'backup.db');
    const result = await backupLog(source, dest);
    expect(result.verify).toEqual({
      ok: false,
      checked: 16,
      first_bad_seq: 17,
      reason: 'entry 17 does not match its hash',
    });
    expect(existsSync(dest)).toBe(true);
  });
});
