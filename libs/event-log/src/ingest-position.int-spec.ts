import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { verifyChain } from './chain-verifier';
import { entryHash } from './entry-hash';
import { LOG_SCHEMA_VERSION, LogSchemaError } from './log-schema';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';
import { createOldLog } from '../../../test/fixtures/old-log-schemas';

function newEntry(streamSeq: number): NewLogEntry {
  const event = loggedIn();
  return newLogEntry(event, streamSeq);
}

/** The position as stored in the file, read with a connection of its own. */
function storedPosition(path: string): number | undefined {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT stream_seq FROM ingest_position').get() as
      { stream_seq: number } | undefined;
    return row?.stream_seq;
  } finally {
    db.close();
  }
}

const schemaVersion = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the ingest position kept in the log file', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-position-'));
    path = join(dir, 'log.db');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is 0 for a new log, stored in a one-row table of schema 2', () => {
    const log = new SqliteEventLog(path);
    expect(LOG_SCHEMA_VERSION).toBe(7);
    expect(log.handledStreamSeq()).toBe(0);
    log.close();
    expect(schemaVersion(path)).toBe(LOG_SCHEMA_VERSION);
    expect(storedPosition(path)).toBe(0);
  });

  it('moves with each batch to what the batch handled, dead letters after its entries included', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1), newEntry(2)]);
    expect(log.handledStreamSeq()).toBe(2);
    log.append([newEntry(3)], 5); // 4 and 5 were dead-lettered
    expect(log.handledStreamSeq()).toBe(5);
    expect(log.lastStreamSeq()).toBe(3);
    log.close();
    expect(storedPosition(path)).toBe(5);
    const reopened = new SqliteEventLog(path);
    expect(reopened.handledStreamSeq()).toBe(5);
    reopened.close();
  });

  it('moves for a batch of duplicates only, and for a batch without entries (dead letters only)', () => {
    const log = new SqliteEventLog(path);
    const one = newEntry(1);
    log.append([one]);
    const again = log.append([{ ...one, stream_seq: 2 }], 2);
    expect(again).toEqual({ appended: [], texts: [], duplicates: [{ ...one, stream_seq: 2 }] });
    expect(log.handledStreamSeq()).toBe(2);
    expect(log.append([], 7)).toEqual({ appended: [], texts: [], duplicates: [] });
    expect(log.handledStreamSeq()).toBe(7);
    expect(log.lastSeq()).toBe(1);
    log.close();
    expect(storedPosition(path)).toBe(7);
  });

  it('never goes back: a redelivered batch below the position leaves it (and writes nothing)', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1)], 10);
    const changes = connectionOf(log).prepare('SELECT total_changes() AS n').get() as { n: number };
    log.append([], 4);
    log.append([], 10);
    expect(connectionOf(log).prepare('SELECT total_changes() AS n').get()).toEqual(changes);
    // An entry beyond what the caller says it handled still moves the position to the entry.
    log.append([newEntry(12)], 11);
    expect(log.handledStreamSeq()).toBe(12);
    log.close();
    expect(storedPosition(path)).toBe(12);
  });

  it('stays where it was when the batch transaction fails', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1)], 3);
    const broken = { ...newEntry(5), event_id: null as unknown as string };
    expect(() => log.append([newEntry(4), broken], 9)).toThrow();
    expect(log.handledStreamSeq()).toBe(3);
    expect(storedPosition(path)).toBe(3);
    // A failing write of a batch without entries: the database is busy elsewhere.
    const other = new Database(path, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => log.append([], 20)).toThrow(/locked|busy/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(log.handledStreamSeq()).toBe(3);
    expect(storedPosition(path)).toBe(3);
    log.append([], 20);
    expect(log.handledStreamSeq()).toBe(20);
    log.close();
  });

  it('goes to the last imported stream sequence on import', () => {
    const source = new SqliteEventLog(join(dir, 'source.db'));
    source.append([newEntry(2), newEntry(4), newEntry(6)], 9);
    const log = new SqliteEventLog(path);
    log.importEntries([...source.read(1, 2)]);
    expect(log.handledStreamSeq()).toBe(4);
    log.importEntries([...source.read(3, 3)]);
    expect(log.handledStreamSeq()).toBe(6);
    log.close();
    source.close();
    expect(storedPosition(path)).toBe(6);
  });

  describe('a log of schema 1', () => {
    let v1: string;

    /** A schema-1 file holding `count` entries (stream seqs 2, 4, ...) written by this build. */
    function makeV1(count: number): string {
      const file = join(dir, `v1-${count}.db`);
      const db = createOldLog(file, 1);
      if (count > 0) {
        const source = new SqliteEventLog(join(dir, `entries-${count}.db`));
        source.append(Array.from({ length: count }, (_, i) => newEntry(2 * (i + 1))));
        source.close();
        db.exec(`ATTACH '${join(dir, `entries-${count}.db`)}' AS source`);
        db.exec('INSERT INTO entries SELECT * FROM source.entries');
        db.exec('DETACH source');
      }
      db.close();
      return file;
    }

    beforeEach(() => {
      v1 = makeV1(5);
    });

    it('is migrated on open, its position set to its highest stream sequence', () => {
      const rowsBefore = new Database(v1, { readonly: true });
      const before = rowsBefore.prepare('SELECT * FROM entries ORDER BY seq').all();
      rowsBefore.close();

      const log = new SqliteEventLog(v1);
      expect(log.handledStreamSeq()).toBe(10);
      expect(log.lastSeq()).toBe(5);
      expect(connectionOf(log).prepare('SELECT * FROM entries ORDER BY seq').all()).toEqual(before);
      expect(verifyChain(connectionOf(log))).toEqual({ ok: true, checked: 5 });
      const [next] = log.append([newEntry(11)], 12).appended;
      expect(next.seq).toBe(6);
      expect(next.hash).toBe(entryHash(log.hashAt(5)!, next));
      log.close();
      expect(schemaVersion(v1)).toBe(LOG_SCHEMA_VERSION);
      expect(storedPosition(v1)).toBe(12);
    });

    it('starts at 0 when it holds no entries', () => {
      const empty = makeV1(0);
      const log = new SqliteEventLog(empty);
      expect(log.handledStreamSeq()).toBe(0);
      log.close();
      expect(storedPosition(empty)).toBe(0);
    });

    it('opened read-only, is read as it is (position = last entry) and left at schema 1', () => {
      const log = new SqliteEventLog(v1, { readonly: true });
      expect(log.handledStreamSeq()).toBe(10);
      log.close();
      expect(schemaVersion(v1)).toBe(1);
    });
  });

  it('refuses a log of a newer schema and leaves the file as it was', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1)]);
    log.close();
    const db = new Database(path);
    db.pragma(`user_version = ${LOG_SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = digest(path);
    expect(() => new SqliteEventLog(path)).toThrow(LogSchemaError);
    expect(() => new SqliteEventLog(path)).toThrow(
      `has log schema version ${LOG_SCHEMA_VERSION + 1}, newer than this authtrail supports (${LOG_SCHEMA_VERSION})`,
    );
    expect(digest(path)).toBe(before);
    expect(schemaVersion(path)).toBe(LOG_SCHEMA_VERSION + 1);
  });
});
