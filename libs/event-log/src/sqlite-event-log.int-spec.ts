import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { entryHash, GENESIS_HASH } from './entry-hash';
import { LOG_SCHEMA_VERSION, LogSchemaError } from './log-schema';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';

function newEntry(streamSeq: number, eventId?: string): NewLogEntry {
  const event = loggedIn(eventId ? { event_id: eventId } : {});
  return newLogEntry(event, streamSeq);
}

describe('SqliteEventLog', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-log-'));
    path = join(dir, 'sub', 'log.db');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends with gap-free seqs and a hash chain, and reads back what it wrote', () => {
    const log = new SqliteEventLog(path);
    const { appended } = log.append([newEntry(1), newEntry(2), newEntry(3)]);
    expect(appended.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(appended[0].hash).toBe(entryHash(GENESIS_HASH, appended[0]));
    expect(appended[2].hash).toBe(entryHash(appended[1].hash, appended[2]));
    expect([...log.read()]).toEqual(appended);
    expect([...log.read(2, 2)]).toEqual([appended[1]]);
    log.close();
  });

  it('gives each appended entry as JSON text: the entry itself, hash last', () => {
    const log = new SqliteEventLog(path);
    const first = newEntry(1, '0192b1f0-0000-7000-8000-000000000001');
    const { appended, texts } = log.append([first, newEntry(2), { ...first, stream_seq: 3 }]);
    expect(texts).toHaveLength(2);
    texts.forEach((text, i) => expect(JSON.parse(text)).toEqual(appended[i]));
    expect(texts[0].endsWith(`,"hash":"${appended[0].hash}"}`)).toBe(true);
    log.close();
  });

  it('skips an event_id it already holds, inside a batch and across batches, without a gap', () => {
    const log = new SqliteEventLog(path);
    const one = newEntry(1);
    const first = log.append([one, { ...one, stream_seq: 2 }]);
    expect(first.appended).toHaveLength(1);
    expect(first.duplicates).toHaveLength(1);
    const second = log.append([{ ...one, stream_seq: 3 }, newEntry(4)]);
    expect(second.appended.map((e) => e.seq)).toEqual([2]);
    expect(log.lastSeq()).toBe(2);
    expect(log.lastStreamSeq()).toBe(4);
    log.close();
  });

  it('continues the chain after reopening', () => {
    const log = new SqliteEventLog(path);
    const [a] = log.append([newEntry(1)]).appended;
    log.close();
    const reopened = new SqliteEventLog(path);
    expect(reopened.lastSeq()).toBe(1);
    const [b] = reopened.append([newEntry(2)]).appended;
    expect(b.seq).toBe(2);
    expect(b.hash).toBe(entryHash(a.hash, b));
    reopened.close();
  });

  it('rolls back a failed batch whole, leaving seq and chain as they were', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1)]);
    const broken = { ...newEntry(2), event_id: null as unknown as string };
    expect(() => log.append([newEntry(3), broken])).toThrow();
    expect(log.lastSeq()).toBe(1);
    expect([...log.read()]).toHaveLength(1);
    expect(log.append([newEntry(4)]).appended[0].seq).toBe(2);
    log.close();
  });

  it('refuses updates and deletes through SQL', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1)]);
    expect(() => connectionOf(log).prepare("UPDATE entries SET host = 'x'").run()).toThrow(
      /append-only/,
    );
    expect(() => connectionOf(log).prepare('DELETE FROM entries').run()).toThrow(/append-only/);
    log.close();
  });

  it('creates the file owner-only, in WAL mode with synchronous=FULL', () => {
    const log = new SqliteEventLog(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'sub')).mode & 0o777).toBe(0o700);
    expect(connectionOf(log).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(connectionOf(log).pragma('synchronous', { simple: true })).toBe(2);
    log.close();
  });

  it('refuses a newer schema and a foreign database', () => {
    const newer = new Database(path.replace('sub/', ''));
    newer.pragma(`user_version = ${LOG_SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => new SqliteEventLog(path.replace('sub/', ''))).toThrow(LogSchemaError);
    const foreign = new Database(join(dir, 'foreign.db'));
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    expect(() => new SqliteEventLog(join(dir, 'foreign.db'))).toThrow(/did not create/);
  });
});
