import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { verifyChain } from './chain-verifier';
import { EntriesRefusedError } from './refused-entries';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';

function newEntry(streamSeq: number, eventId: string, origin = '10.0.0.1:1'): NewLogEntry {
  const event = loggedIn({ event_id: eventId, sessionId: eventId });
  event.session.origin = origin;
  return newLogEntry(event, streamSeq);
}

const id = (n: number) => `0192b1f0-0000-7000-8000-${String(n).padStart(12, '0')}`;

function refusal(run: () => unknown): EntriesRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof EntriesRefusedError) return error;
    throw error;
  }
  throw new Error('expected the append to be refused');
}

describe('SqliteEventLog: entries it refuses for their content', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-refused-'));
    path = join(dir, 'log.db');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names each entry the schema refuses, writes nothing, and takes the rest after', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1, id(1))]);
    const bad = { ...newEntry(3, id(3)), occurred_at: 'not a time' };
    const worse = { ...newEntry(5, id(5)), occurred_at: '2016-12-31T23:59:60Z' };
    const batch = [newEntry(2, id(2)), bad, newEntry(4, id(4)), worse];
    const error = refusal(() => log.append(batch, 6));
    expect(error.refused).toEqual([
      {
        index: 1,
        reason: "the log's schema refuses it: NOT NULL constraint failed: entries.occurred_ms",
      },
      {
        index: 3,
        reason: "the log's schema refuses it: NOT NULL constraint failed: entries.occurred_ms",
      },
    ]);
    expect(log.lastSeq()).toBe(1);
    expect(log.handledStreamSeq()).toBe(1);

    const { appended } = log.append([batch[0], batch[2]], 6);
    expect(appended.map((e) => [e.seq, e.stream_seq])).toEqual([
      [2, 2],
      [3, 4],
    ]);
    expect(log.handledStreamSeq()).toBe(6);
    log.close();
    const reopened = new SqliteEventLog(path, { readonly: true });
    expect([...reopened.read()].map((e) => e.event_id)).toEqual([id(1), id(2), id(4)]);
    expect(verifyChain(connectionOf(reopened))).toMatchObject({ ok: true, checked: 3 });
    reopened.close();
  });

  it('counts an identical repeat as a duplicate and refuses one with other content', () => {
    const log = new SqliteEventLog(path);
    log.append([newEntry(1, id(1)), newEntry(2, id(2))]);
    const repeat = newEntry(3, id(1));
    const other = newEntry(4, id(2), '10.9.9.9:9');
    const error = refusal(() => log.append([repeat, other, newEntry(5, id(5))]));
    expect(error.refused).toEqual([
      { index: 1, reason: 'event_id already logged at seq 2 with other content' },
    ]);
    const result = log.append([repeat, newEntry(5, id(5))]);
    expect(result.duplicates).toEqual([repeat]);
    expect(result.appended.map((e) => e.seq)).toEqual([3]);
    log.close();
  });

  it('refuses the second of two entries of one batch with the same event_id and other content', () => {
    const log = new SqliteEventLog(path);
    const first = newEntry(1, id(7));
    const second = newEntry(2, id(7), '10.9.9.9:9');
    const error = refusal(() => log.append([first, second]));
    expect(error.refused).toEqual([
      { index: 1, reason: 'event_id already logged at seq 1 with other content' },
    ]);
    expect(log.append([first]).appended.map((e) => e.seq)).toEqual([1]);
    log.close();
  });

  it('throws a locked file as it is: the batch is retried, not set aside', () => {
    const log = new SqliteEventLog(path);
    const holder = new Database(path);
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      expect(() => log.append([newEntry(1, id(1))])).toThrow(/database is locked/);
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
    expect(log.append([newEntry(1, id(1))]).appended).toHaveLength(1);
    log.close();
  });
});
