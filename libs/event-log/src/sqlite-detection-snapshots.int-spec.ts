import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventHistory } from '../../../test/fixtures/event-history';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { connectionOf } from '../../../test/fixtures/log-connection';
import { verifyChain } from './chain-verifier';
import { LOG_SCHEMA_VERSION } from './log-schema';
import { SqliteEventLog } from './sqlite-event-log';
import { SqliteLogReads } from './sqlite-log-reads';

const schemaOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('SqliteDetectionSnapshots', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-detections-'));
    path = join(dir, 'log.db');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps saved states by seq, and gives the newest at or before a seq, to the log and its readers', () => {
    const log = new SqliteEventLog(path);
    const store = log.openDetectionSnapshots();
    expect(store.atOrBefore(10)).toBeUndefined();
    store.save({ seq: 3, entryHash: 'h3', state: '{"a":3}' }, 'now');
    store.save({ seq: 7, entryHash: 'h7', state: '{"a":7}' }, 'now');
    expect(store.atOrBefore(6)).toEqual({ seq: 3, entryHash: 'h3', state: '{"a":3}' });
    expect(store.atOrBefore(7)?.seq).toBe(7);
    expect(store.atOrBefore(2)).toBeUndefined();
    const reads = new SqliteLogReads(new Database(path, { readonly: true }));
    expect(reads.detectionSnapshots.atOrBefore(100)?.state).toBe('{"a":7}');
    log.close();
  });

  it('leaves the writer at synchronous=FULL for the entries after a save', () => {
    const log = new SqliteEventLog(path);
    const db = connectionOf(log);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    log.openDetectionSnapshots().save({ seq: 1, entryHash: 'h1', state: '{}' }, 'now');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    log.close();
  });

  it('is added to a log of schema 5 when it is opened for writing, its entries kept', () => {
    const old = new SqliteEventLog(path);
    old.append(eventHistory(50, 2, 7).map((event, i) => newLogEntry(event, i + 1)));
    const lastHash = old.hashAt(50);
    old.close();
    // As schema 5 left it: no detection_snapshots table.
    const db = new Database(path);
    db.exec('DROP TABLE detection_snapshots; PRAGMA user_version = 5');
    db.close();
    expect(schemaOf(path)).toBe(5);

    const log = new SqliteEventLog(path);
    expect(schemaOf(path)).toBe(LOG_SCHEMA_VERSION);
    expect(LOG_SCHEMA_VERSION).toBe(7);
    expect(log.lastSeq()).toBe(50);
    expect(log.hashAt(50)).toBe(lastHash);
    expect(verifyChain(connectionOf(log), 1, 50).ok).toBe(true);
    const store = log.openDetectionSnapshots();
    expect(store.atOrBefore(50)).toBeUndefined();
    store.save({ seq: 50, entryHash: lastHash!, state: '{}' }, 'now');
    expect(store.atOrBefore(50)?.entryHash).toBe(lastHash);
    log.close();
  });
});
