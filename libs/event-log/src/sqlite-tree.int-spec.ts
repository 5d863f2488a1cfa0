import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import {
  MemoryHashStore,
  inclusionProof,
  storedHashCount,
  treeHash,
  verifyInclusion,
  leafHash,
} from '@authtrail/merkle';
import { eventHistory } from '../../../test/fixtures/event-history';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { connectionOf } from '../../../test/fixtures/log-connection';
import { verifyChain } from './chain-verifier';
import { chainHash } from './entry-hash';
import { LogSchemaError } from './log-schema';
import { SqliteEventLog } from './sqlite-event-log';
import { storedRows, storedText } from './stored-text';

const entries = (count: number, seed = 1): NewLogEntry[] =>
  eventHistory(count, 3, seed).map((event, i) => newLogEntry(event, i + 1));

/** The tree the entries' canonical texts give, built in memory. */
function memoryTree(log: SqliteEventLog): MemoryHashStore {
  const store = new MemoryHashStore();
  for (let seq = 1; seq <= log.lastSeq(); seq++) store.append(log.leafText(seq)!);
  return store;
}

/** Makes the file a log of schema 4, as written before the tree and the detections (its entries kept). */
function downgradeToSchema4(path: string): void {
  const db = new Database(path);
  db.exec(
    'DROP TABLE detection_snapshots; DROP TABLE tree_hashes; DROP TABLE signed_checkpoints; PRAGMA user_version = 4',
  );
  db.close();
}

describe("the log's Merkle tree", () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-tree-'));
    path = join(dir, 'log.db');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores, batch by batch, exactly the hashes of the tree over the entries in seq order', () => {
    const log = new SqliteEventLog(path);
    try {
      const all = entries(300);
      // batches of uneven sizes, with a duplicate that takes no seq and no leaf
      for (const [from, to] of [
        [0, 1],
        [1, 2],
        [2, 37],
        [37, 128],
        [128, 300],
      ]) {
        log.append([...all.slice(from, to), ...(from > 0 ? [all[0]] : [])]);
      }
      expect(log.lastSeq()).toBe(300);
      const memory = memoryTree(log);
      const indexes = Array.from({ length: storedHashCount(300) }, (_, i) => i);
      expect(
        log
          .treeReader()(indexes)
          .map((h) => Buffer.from(h).toString('hex')),
      ).toEqual(memory.read(indexes).map((h) => Buffer.from(h).toString('hex')));
      for (const size of [1, 2, 3, 64, 255, 300]) {
        expect(treeHash(size, log.treeReader())).toEqual(treeHash(size, memory.read));
      }
    } finally {
      log.close();
    }
  });

  it('writes a row per transaction of at most 32 entries, and reads rows of one entry each', () => {
    const log = new SqliteEventLog(path);
    try {
      log.append(entries(600));
      const db = connectionOf(log);
      expect(db.prepare('SELECT seq FROM tree_hashes ORDER BY seq').pluck().all()).toEqual(
        Array.from({ length: 19 }, (_, i) => 1 + 32 * i),
      );
      const memory = memoryTree(log);
      const indexes = Array.from({ length: storedHashCount(600) }, (_, i) => i);
      const hex = (hashes: readonly Uint8Array[]) =>
        hashes.map((h) => Buffer.from(h).toString('hex'));
      expect(hex(log.treeReader()(indexes))).toEqual(hex(memory.read(indexes)));

      // As schemas 5 and 6 wrote them: a row per entry, keyed by its seq.
      db.exec('DROP TRIGGER tree_append_only_delete');
      db.exec('DELETE FROM tree_hashes');
      const insert = db.prepare('INSERT INTO tree_hashes (seq, hashes) VALUES (?, ?)');
      for (let seq = 1; seq <= 600; seq++) {
        const from = storedHashCount(seq - 1);
        const own = Array.from({ length: storedHashCount(seq) - from }, (_, i) => from + i);
        insert.run(seq, Buffer.concat(memory.read(own)));
      }
      const reopened = new SqliteEventLog(path, { readonly: true });
      try {
        expect(hex(reopened.treeReader()(indexes))).toEqual(hex(memory.read(indexes)));
        expect(verifyChain(connectionOf(reopened))).toEqual({ ok: true, checked: 600 });
      } finally {
        reopened.close();
      }
    } finally {
      log.close();
    }
  });

  it('reads each entry from the last row that starts at or before it', () => {
    const log = new SqliteEventLog(path);
    try {
      log.append(entries(40));
      const db = connectionOf(log);
      const memory = memoryTree(log);
      // A row for entries 20 - 40 beside the one for 1 - 40: entries from 20 on are read from it.
      db.exec('DROP TRIGGER tree_append_only_update');
      const from = storedHashCount(19);
      const own = Array.from({ length: storedHashCount(40) - from }, (_, i) => from + i);
      db.prepare('INSERT INTO tree_hashes (seq, hashes) VALUES (20, ?)').run(
        Buffer.alloc(own.length * 32),
      );
      expect(verifyChain(db)).toMatchObject({ ok: false, first_bad_seq: 20 });
      db.prepare('UPDATE tree_hashes SET hashes = ? WHERE seq = 20').run(
        Buffer.concat(memory.read(own)),
      );
      expect(verifyChain(db)).toEqual({ ok: true, checked: 40 });
      const reader = new SqliteEventLog(path, { readonly: true });
      try {
        expect(treeHash(40, reader.treeReader())).toEqual(treeHash(40, memory.read));
      } finally {
        reader.close();
      }
    } finally {
      log.close();
    }
  });

  it('reads the file as it is at each read: a row changed under a running log is seen', () => {
    const log = new SqliteEventLog(path);
    try {
      log.append(entries(40));
      const before = treeHash(40, log.treeReader());
      const db = connectionOf(log);
      db.exec('DROP TRIGGER tree_append_only_update');
      db.prepare('UPDATE tree_hashes SET hashes = zeroblob(length(hashes)) WHERE seq = 1').run();
      expect(treeHash(40, log.treeReader())).not.toEqual(before);
    } finally {
      log.close();
    }
  });

  it('has each entry as the leaf seq - 1, its canonical text the leaf data', () => {
    const log = new SqliteEventLog(path);
    try {
      log.append(entries(20));
      const root = treeHash(20, log.treeReader());
      for (const seq of [1, 7, 20]) {
        const [stored] = storedRows(connectionOf(log), seq, seq);
        const text = log.leafText(seq)!;
        expect(text).toBe(storedText(stored));
        expect(JSON.parse(text)).toMatchObject({ seq });
        const proof = inclusionProof(seq - 1, 20, log.treeReader());
        expect(verifyInclusion(leafHash(text), seq - 1, 20, proof, root)).toBe(true);
      }
      expect(log.leafText(21)).toBeUndefined();
    } finally {
      log.close();
    }
  });

  it('writes no hash for a batch that fails, and goes on from what was committed', () => {
    const log = new SqliteEventLog(path);
    try {
      const all = entries(10);
      log.append(all.slice(0, 4));
      const clash = { ...all[0], event: { ...all[0].event, host: 'elsewhere' } };
      expect(() => log.append([all[4], clash])).toThrow();
      log.append(all.slice(4));
      expect(treeHash(10, log.treeReader())).toEqual(treeHash(10, memoryTree(log).read));
    } finally {
      log.close();
    }
  });

  it('is built for a log of an older schema when it is opened for writing, with progress', () => {
    const first = new SqliteEventLog(path);
    first.append(entries(100));
    const root = treeHash(100, first.treeReader());
    first.close();
    downgradeToSchema4(path);

    const older = new SqliteEventLog(path, { readonly: true });
    expect(() => older.treeReader()).toThrow(/no Merkle tree yet/);
    older.close();

    const calls: [number, number][] = [];
    const upgraded = new SqliteEventLog(path, {
      onUpgradeProgress: (done, total) => calls.push([done, total]),
    });
    try {
      expect(treeHash(100, upgraded.treeReader())).toEqual(root);
      expect(calls).toEqual([]); // a short log is upgraded without progress lines
      upgraded.append(entries(101).slice(100));
      expect(treeHash(101, upgraded.treeReader())).toEqual(
        treeHash(101, memoryTree(upgraded).read),
      );
    } finally {
      upgraded.close();
    }
  });

  it('reports the upgrade of a long log every 100,000 entries', () => {
    const log = new SqliteEventLog(path);
    log.close();
    const db = new Database(path);
    const insert = db.prepare(
      `INSERT INTO entries (seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event,
         stream_seq, redacted, hash, occurred_ms) VALUES (?, ?, 'boot', 'h', 'b', 't', 't', '{}', ?, '[]', 'x', 0)`,
    );
    db.transaction(() => {
      for (let seq = 1; seq <= 200_001; seq++) insert.run(seq, `e${seq}`, seq);
    })();
    db.close();
    downgradeToSchema4(path);
    const calls: [number, number][] = [];
    new SqliteEventLog(path, {
      onUpgradeProgress: (done, total) => calls.push([done, total]),
    }).close();
    expect(calls).toEqual([
      [100_000, 200_001],
      [200_000, 200_001],
      [200_001, 200_001],
    ]);
  });

  it('refuses to build a tree over a log with a missing entry, and leaves the file as it was', () => {
    const log = new SqliteEventLog(path);
    log.append(entries(5));
    log.close();
    downgradeToSchema4(path);
    const db = new Database(path);
    db.exec('DROP TRIGGER entries_append_only_delete; DELETE FROM entries WHERE seq = 3');
    db.close();
    expect(() => new SqliteEventLog(path)).toThrow(LogSchemaError);
    expect(() => new SqliteEventLog(path)).toThrow(
      /no entry 3, so its Merkle tree cannot be built/,
    );
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(4);
    after.close();
  });

  describe('verification', () => {
    /** Rewrites entry `seq`'s event and recomputes the chain from it, as a forger would. */
    function forgeEntry(log: SqliteEventLog, seq: number): void {
      const db = connectionOf(log);
      db.exec('DROP TRIGGER entries_append_only_update');
      db.prepare(`UPDATE entries SET event = replace(event, 'host-', 'hxst-') WHERE seq = ?`).run(
        seq,
      );
      let previous = db
        .prepare('SELECT hash FROM entries WHERE seq = ?')
        .pluck()
        .get(seq - 1) as string;
      for (const row of [...storedRows(db, seq, log.lastSeq())]) {
        previous = chainHash(previous, storedText(row));
        db.prepare('UPDATE entries SET hash = ? WHERE seq = ?').run(previous, row[0]);
      }
    }

    it('finds an entry rewritten with its chain but not its tree', () => {
      const log = new SqliteEventLog(path);
      try {
        log.append(entries(50));
        expect(verifyChain(connectionOf(log))).toEqual({ ok: true, checked: 50 });
        forgeEntry(log, 17);
        expect(verifyChain(connectionOf(log))).toEqual({
          ok: false,
          checked: 16,
          first_bad_seq: 17,
          reason: "entry 17 does not match its hashes in the log's tree",
        });
      } finally {
        log.close();
      }
    });

    it('finds a tree row changed or gone, naming the entry', () => {
      const log = new SqliteEventLog(path);
      try {
        // Batches of 8, 23, 9 and 10 entries: rows of the tree that start at 1, 9, 32 and 41.
        const all = entries(50);
        for (const [from, to] of [
          [0, 8],
          [8, 31],
          [31, 40],
          [40, 50],
        ]) {
          log.append(all.slice(from, to));
        }
        const db = connectionOf(log);
        expect(db.prepare('SELECT seq FROM tree_hashes ORDER BY seq').pluck().all()).toEqual([
          1, 9, 32, 41,
        ]);
        db.exec('DROP TRIGGER tree_append_only_update; DROP TRIGGER tree_append_only_delete');
        db.prepare('UPDATE tree_hashes SET hashes = zeroblob(length(hashes)) WHERE seq = 32').run();
        expect(verifyChain(db)).toMatchObject({ ok: false, first_bad_seq: 32 });
        db.prepare('DELETE FROM tree_hashes WHERE seq = 9').run();
        expect(verifyChain(db)).toEqual({
          ok: false,
          checked: 8,
          first_bad_seq: 9,
          reason: "entry 9 has no hashes in the log's tree",
        });
      } finally {
        log.close();
      }
    });
  });
});
