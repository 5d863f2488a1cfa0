import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LogEntry, NewLogEntry } from '@authtrail/contracts';
import { eventHistory } from '../../../test/fixtures/event-history';
import { verifyChain } from './chain-verifier';
import { entryHash } from './entry-hash';
import { ImportRefusedError } from './import-check';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';

/** Log entries as ingest builds them: every kind, a redacted secret, stream gaps (dead letters). */
function ingested(count: number): NewLogEntry[] {
  return eventHistory(count, 3, 11).map((event, index) => {
    const secret = event.kind === 'login' && index % 5 === 0;
    if (secret) event.session.credentials_data.password = '<redacted>';
    return {
      event_id: event.event_id,
      kind: event.kind,
      host: event.host,
      boot_id: event.boot_id,
      occurred_at: event.occurred_at,
      recorded_at: new Date(Date.parse(event.occurred_at) + 1234).toISOString(),
      event,
      stream_seq: index * 2 + 1,
      redacted: secret ? ['session.credentials_data.password'] : [],
    };
  });
}

/** Every column of every row, indexed copies included. */
function rows(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM entries ORDER BY seq').all();
  } finally {
    db.close();
  }
}

/** `entries` in transactions of `size`, as a replay delivers them. */
function importInBatches(log: SqliteEventLog, entries: readonly LogEntry[], size: number): void {
  for (let i = 0; i < entries.length; i += size) log.importEntries(entries.slice(i, i + size));
}

describe('SqliteEventLog.importEntries', () => {
  let dir: string;
  let source: SqliteEventLog;
  let target: SqliteEventLog;
  const history = ingested(600);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-import-'));
    source = new SqliteEventLog(join(dir, 'source.db'));
    target = new SqliteEventLog(join(dir, 'target.db'));
  });

  afterEach(() => {
    source.close();
    target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes rows identical to the ones appended, and the chain continues alike', () => {
    source.append(history.slice(0, 500));
    importInBatches(target, [...source.read()], 64);
    expect(rows(target.path)).toEqual(rows(source.path));
    expect(target.lastSeq()).toBe(500);
    expect(target.lastStreamSeq()).toBe(source.lastStreamSeq());
    expect(target.maxOccurredMs()).toBe(source.maxOccurredMs());
    expect(verifyChain(connectionOf(target))).toEqual({ ok: true, checked: 500 });

    const more = history.slice(500);
    expect(target.append(more).appended).toEqual(source.append(more).appended);
    expect(rows(target.path)).toEqual(rows(source.path));
  });

  it('continues a log that holds the same first entries', () => {
    source.append(history.slice(0, 300));
    target.append(history.slice(0, 100));
    expect(target.importEntries([...source.read(101)])).toBe(200);
    expect(rows(target.path)).toEqual(rows(source.path));
  });

  it('refuses a batch with an edited entry whole, and takes the good entries after', () => {
    source.append(history.slice(0, 40));
    const entries = [...source.read()];
    target.importEntries(entries.slice(0, 10));
    const edited = { ...entries[14], recorded_at: '2020-01-01T00:00:00.000Z' };
    expect(() => target.importEntries([...entries.slice(10, 14), edited])).toThrow(
      new ImportRefusedError('entry 15 does not match its hash or does not follow entry 14'),
    );
    expect(target.lastSeq()).toBe(10);
    expect(rows(target.path)).toHaveLength(10);
    expect(target.importEntries(entries.slice(10))).toBe(30);
    expect(rows(target.path)).toEqual(rows(source.path));
  });

  it('refuses entries that do not extend this log', () => {
    source.append(history.slice(0, 20));
    const entries = [...source.read()];
    target.append([history[0]]);
    target.append([{ ...history[1], recorded_at: '2020-01-01T00:00:00.000Z' }]);
    expect(() => target.importEntries(entries.slice(2))).toThrow(
      /entry 3 does not match its hash or does not follow entry 2/,
    );
    expect(() => target.importEntries(entries.slice(3))).toThrow(
      /entry 4 came where entry 3 belongs/,
    );
    expect(target.lastSeq()).toBe(2);
  });

  it('refuses an event already in the log, and stream sequences out of order', () => {
    source.append(history.slice(0, 2));
    const [first, second] = [...source.read()];
    target.importEntries([first]);
    const repeat = { ...first, seq: 2, stream_seq: 7 };
    const hashed = { ...repeat, hash: entryHash(first.hash, repeat) };
    expect(() => target.importEntries([hashed])).toThrow(
      new ImportRefusedError(`entry 2 has event_id ${first.event_id}, which the log already holds`),
    );
    const early = { ...second, stream_seq: first.stream_seq };
    expect(() => target.importEntries([{ ...early, hash: entryHash(first.hash, early) }])).toThrow(
      /has stream_seq 1, not after 1/,
    );
    expect(target.lastSeq()).toBe(1);
    expect(target.importEntries([second])).toBe(1);
  });

  it('widens the time-travel bounds of earlier snapshots like an append', () => {
    source.append(history.slice(0, 50));
    const entries = [...source.read()];
    target.importEntries(entries.slice(0, 25));
    const snapshots = target.openSnapshots();
    snapshots.save(
      {
        seq: 25,
        entryHash: target.hashAt(25)!,
        maxOccurredMs: target.maxOccurredMs(),
        state: '{}',
      },
      'now',
    );
    target.importEntries(entries.slice(25));
    const { min_after_ms } = connectionOf(target)
      .prepare('SELECT min_after_ms FROM snapshot_bounds WHERE seq = 25')
      .get() as { min_after_ms: number };
    expect(min_after_ms).toBe(Math.min(...entries.slice(25).map((e) => Date.parse(e.occurred_at))));
  });
});
