import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewLogEntry } from '@authtrail/contracts';
import { booted } from '../../../test/fixtures/auth-events';
import { SqliteCheckpoints } from './sqlite-checkpoints';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';

const minute = (n: number) => Date.parse('2025-01-01T00:00:00Z') + n * 60_000;

function at(n: number, streamSeq: number): NewLogEntry {
  const event = booted({ occurred_at: new Date(minute(n)).toISOString() });
  return { ...event, recorded_at: event.occurred_at, event, stream_seq: streamSeq, redacted: [] };
}

describe('SqliteCheckpoints', () => {
  let dir: string;
  let log: SqliteEventLog;
  let checkpoints: SqliteCheckpoints;
  const save = () =>
    checkpoints.save(
      {
        seq: log.lastSeq(),
        entryHash: log.hashAt(log.lastSeq())!,
        maxOccurredMs: log.maxOccurredMs(),
        state: '{}',
      },
      'now',
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-cp-'));
    log = new SqliteEventLog(join(dir, 'log.db'));
    checkpoints = log.openCheckpoints();
  });

  afterEach(() => {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the newest checkpoint at or before a seq', () => {
    log.append([at(1, 1), at(2, 2)]);
    save();
    log.append([at(3, 3)]);
    save();
    expect(checkpoints.atOrBefore(2)?.seq).toBe(2);
    expect(checkpoints.atOrBefore(10)?.seq).toBe(3);
    expect(checkpoints.atOrBefore(1)).toBeUndefined();
  });

  it('bounds a time query by checkpoints, widened by late entries', () => {
    log.append([at(1, 1), at(2, 2)]);
    save(); // seq 2, max minute 2
    log.append([at(3, 3), at(4, 4)]);
    save(); // seq 4, max minute 4
    log.append([at(5, 5), at(6, 6)]);
    save(); // seq 6, max minute 6
    expect(checkpoints.forTime(minute(3))).toMatchObject({ checkpoint: { seq: 2 }, untilSeq: 4 });
    expect(checkpoints.forTime(minute(6))).toEqual({
      checkpoint: expect.objectContaining({ seq: 6 }),
    });
    expect(checkpoints.forTime(minute(0)).checkpoint).toBeUndefined();
    log.append([at(1.5, 7)]); // late: occurred before every checkpoint's max
    expect(checkpoints.forTime(minute(3))).toEqual({
      checkpoint: expect.objectContaining({ seq: 2 }),
    });
    expect(log.maxOccurredMs()).toBe(minute(6));
  });
});

describe('SqliteCheckpoints written in the background', () => {
  it('writes on its own thread what atOrBefore then reads, while the log stays writable after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bgcp-'));
    const path = join(dir, 'log.db');
    const log = new SqliteEventLog(path);
    const store = log.openCheckpoints({ inBackground: true });
    try {
      const state = JSON.stringify({ big: 'x'.repeat(2_000_000) });
      const stream = store.streamInBackground?.();
      expect(stream).toBeDefined();
      for (let at = 0; at < state.length; at += 100_000) stream!.add(state.slice(at, at + 100_000));
      const aborted = store.streamInBackground!();
      aborted.add('{"never":');
      aborted.abort();
      await stream!.finish({ seq: 0, entryHash: 'h', maxOccurredMs: 5 }, '2026-01-01T00:00:00Z');
      expect(store.atOrBefore(10)).toEqual({ seq: 0, entryHash: 'h', maxOccurredMs: 5, state });
      expect(log.openCheckpoints().streamInBackground).toBeUndefined();
    } finally {
      await store.close();
      log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoint bounds (schema 3)', () => {
  it('are rows of their own: a late event lowers them without rewriting the checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bounds-'));
    const path = join(dir, 'log.db');
    const log = new SqliteEventLog(path);
    try {
      const store = log.openCheckpoints();
      const state = JSON.stringify({ big: 'x'.repeat(100_000) });
      store.save({ seq: 0, entryHash: 'h', maxOccurredMs: 5, state }, '2026-01-01T00:00:00Z');
      // Any rewrite of the checkpoint's row would abort the append.
      connectionOf(log).exec(
        `CREATE TEMP TRIGGER checkpoint_untouched BEFORE UPDATE ON checkpoints
         BEGIN SELECT RAISE(ABORT, 'the checkpoint row was rewritten'); END`,
      );
      log.append([at(0, 1)]);
      const bound = connectionOf(log)
        .prepare('SELECT min_after_ms FROM checkpoint_bounds WHERE seq = 0')
        .get();
      expect(bound).toEqual({ min_after_ms: minute(0) });
    } finally {
      log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are carried over from the checkpoints of a schema-2 file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bounds-'));
    const path = join(dir, 'log.db');
    const log = new SqliteEventLog(path);
    log
      .openCheckpoints()
      .save({ seq: 0, entryHash: 'h', maxOccurredMs: 5, state: '{}' }, '2026-01-01T00:00:00Z');
    connectionOf(log).exec(
      'DROP TABLE checkpoint_bounds; DROP TABLE tree_hashes; DROP TABLE signed_checkpoints;' +
        ' UPDATE checkpoints SET min_after_ms = 42; PRAGMA user_version = 2',
    );
    log.close();
    const reopened = new SqliteEventLog(path);
    try {
      expect(
        connectionOf(reopened).prepare('SELECT seq, min_after_ms FROM checkpoint_bounds').all(),
      ).toEqual([{ seq: 0, min_after_ms: 42 }]);
    } finally {
      reopened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
