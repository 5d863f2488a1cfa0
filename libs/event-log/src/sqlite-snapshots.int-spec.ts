import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { booted } from '../../../test/fixtures/auth-events';
import { SqliteSnapshots } from './sqlite-snapshots';
import { SNAPSHOT_FOR_TIME } from './snapshot-sql';
import { LOG_SCHEMA_VERSION } from './log-schema';
import { SqliteEventLog } from './sqlite-event-log';
import { connectionOf } from '../../../test/fixtures/log-connection';
import { createOldLog } from '../../../test/fixtures/old-log-schemas';

const minute = (n: number) => Date.parse('2025-01-01T00:00:00Z') + n * 60_000;

function at(n: number, streamSeq: number): NewLogEntry {
  const event = booted({ occurred_at: new Date(minute(n)).toISOString() });
  return { ...event, recorded_at: event.occurred_at, event, stream_seq: streamSeq, redacted: [] };
}

/** A log file made by a build of schema `version` (`fill` adds its rows), opened by this build. */
function withOldLog(
  version: 2 | 3,
  fill: (old: Database.Database) => void,
  check: (log: SqliteEventLog) => void,
): void {
  const dir = mkdtempSync(join(tmpdir(), `authtrail-v${version}-`));
  const path = join(dir, 'log.db');
  const old = createOldLog(path, version);
  fill(old);
  old.close();
  const log = new SqliteEventLog(path);
  try {
    check(log);
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SqliteSnapshots', () => {
  let dir: string;
  let log: SqliteEventLog;
  let snapshots: SqliteSnapshots;
  const save = () =>
    snapshots.save(
      {
        seq: log.lastSeq(),
        entryHash: log.hashAt(log.lastSeq())!,
        maxOccurredMs: log.maxOccurredMs(),
        state: '{}',
      },
      'now',
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-snap-'));
    log = new SqliteEventLog(join(dir, 'log.db'));
    snapshots = log.openSnapshots();
  });

  afterEach(() => {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the newest snapshot at or before a seq', () => {
    log.append([at(1, 1), at(2, 2)]);
    save();
    log.append([at(3, 3)]);
    save();
    expect(snapshots.atOrBefore(2)?.seq).toBe(2);
    expect(snapshots.atOrBefore(10)?.seq).toBe(3);
    expect(snapshots.atOrBefore(1)).toBeUndefined();
  });

  it('bounds a time query by snapshots, widened by late entries', () => {
    log.append([at(1, 1), at(2, 2)]);
    save(); // seq 2, max minute 2
    log.append([at(3, 3), at(4, 4)]);
    save(); // seq 4, max minute 4
    log.append([at(5, 5), at(6, 6)]);
    save(); // seq 6, max minute 6
    expect(snapshots.forTime(minute(3))).toMatchObject({ snapshot: { seq: 2 }, untilSeq: 4 });
    expect(snapshots.forTime(minute(6))).toEqual({
      snapshot: expect.objectContaining({ seq: 6 }),
    });
    expect(snapshots.forTime(minute(0)).snapshot).toBeUndefined();
    log.append([at(1.5, 7)]); // late: occurred before every snapshot's max
    expect(snapshots.forTime(minute(3))).toEqual({
      snapshot: expect.objectContaining({ seq: 2 }),
    });
    expect(log.maxOccurredMs()).toBe(minute(6));
  });

  it("finds the snapshot for a time by its seq, never sorting the snapshots' states", () => {
    const plan = connectionOf(log)
      .prepare(`EXPLAIN QUERY PLAN ${SNAPSHOT_FOR_TIME}`)
      .all(minute(3)) as { detail: string }[];
    const steps = plan.map((step) => step.detail);
    expect(steps).toContain('SEARCH snapshots USING INTEGER PRIMARY KEY (rowid=?)');
    expect(steps.filter((step) => step.includes('TEMP B-TREE'))).toEqual([]);
  });
});

describe('SqliteSnapshots written in the background', () => {
  it('writes on its own thread what atOrBefore then reads, while the log stays writable after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bgsnap-'));
    const path = join(dir, 'log.db');
    const log = new SqliteEventLog(path);
    const store = log.openSnapshots({ inBackground: true });
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
      expect(log.openSnapshots().streamInBackground).toBeUndefined();
    } finally {
      await store.close();
      log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('snapshot bounds (schema 3)', () => {
  it('are rows of their own: a late event lowers them without rewriting the snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bounds-'));
    const path = join(dir, 'log.db');
    const log = new SqliteEventLog(path);
    try {
      const store = log.openSnapshots();
      const state = JSON.stringify({ big: 'x'.repeat(100_000) });
      store.save({ seq: 0, entryHash: 'h', maxOccurredMs: 5, state }, '2026-01-01T00:00:00Z');
      // Any rewrite of the snapshot's row would abort the append.
      connectionOf(log).exec(
        `CREATE TEMP TRIGGER snapshot_untouched BEFORE UPDATE ON snapshots
         BEGIN SELECT RAISE(ABORT, 'the snapshot row was rewritten'); END`,
      );
      log.append([at(0, 1)]);
      const bound = connectionOf(log)
        .prepare('SELECT min_after_ms FROM snapshot_bounds WHERE seq = 0')
        .get();
      expect(bound).toEqual({ min_after_ms: minute(0) });
    } finally {
      log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are carried over from the snapshots of a schema-2 file', () => {
    withOldLog(
      2,
      (old) =>
        old.exec(
          `INSERT INTO checkpoints (seq, entry_hash, max_occurred_ms, min_after_ms, created_at, state)
           VALUES (0, 'h', 5, 42, '2026-01-01T00:00:00Z', '{}')`,
        ),
      (log) =>
        expect(
          connectionOf(log).prepare('SELECT seq, min_after_ms FROM snapshot_bounds').all(),
        ).toEqual([{ seq: 0, min_after_ms: 42 }]),
    );
  });
});

describe('a log of schema 3 (snapshots then named checkpoints)', () => {
  it('keeps its snapshots and their time bounds under the new names (schema 4 on)', () => {
    const fill = (old: Database.Database) => {
      const insert = old.prepare(
        `INSERT INTO checkpoints (seq, entry_hash, max_occurred_ms, created_at, state)
         VALUES (?, ?, ?, '2026-01-01T00:00:00Z', ?)`,
      );
      insert.run(2, 'h2', minute(2), '{"at":2}');
      insert.run(4, 'h4', minute(4), '{"at":4}');
      old.exec(
        `INSERT INTO checkpoint_bounds (seq, min_after_ms) VALUES (2, NULL), (4, ${minute(1)})`,
      );
    };
    withOldLog(3, fill, (log) => {
      const snapshots = log.openSnapshots();
      expect(snapshots.atOrBefore(3)).toEqual({
        seq: 2,
        entryHash: 'h2',
        maxOccurredMs: minute(2),
        state: '{"at":2}',
      });
      // Something after seq 4 occurred at minute 1: no later snapshot bounds a query at minute 2.
      expect(snapshots.forTime(minute(2))).toEqual({
        snapshot: expect.objectContaining({ seq: 2 }),
      });
      expect(snapshots.forTime(minute(4))).toEqual({
        snapshot: expect.objectContaining({ seq: 4, state: '{"at":4}' }),
      });
      const names = connectionOf(log)
        .prepare(
          `SELECT name FROM sqlite_master
           WHERE (name LIKE '%checkpoint%' AND name NOT LIKE 'signed_checkpoints%')
              OR name LIKE 'snapshot%' ORDER BY name`,
        )
        .all();
      expect(names).toEqual([
        { name: 'snapshot_bounds' },
        { name: 'snapshots' },
        { name: 'snapshots_time' },
      ]);
      expect(connectionOf(log).pragma('user_version', { simple: true })).toBe(LOG_SCHEMA_VERSION);
    });
  });
});
