import type Database from 'better-sqlite3';

/** A snapshot row to insert, as the snapshots table holds it. */
export interface SnapshotRowToWrite {
  seq: number;
  entryHash: string;
  maxOccurredMs: number;
  createdAt: string;
  state: string;
}

/**
 * Inserts (or replaces) a snapshot and its time bound in one transaction, on `db`: the log's
 * own connection or the background writer's.
 */
export function snapshotInserter(db: Database.Database): (row: SnapshotRowToWrite) => void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO snapshots (seq, entry_hash, max_occurred_ms, created_at, state)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const bound = db.prepare(
    `INSERT OR REPLACE INTO snapshot_bounds (seq, min_after_ms) VALUES (?, NULL)`,
  );
  return db.transaction((row: SnapshotRowToWrite) => {
    insert.run(row.seq, row.entryHash, row.maxOccurredMs, row.createdAt, row.state);
    bound.run(row.seq);
  });
}

/** Lowers the time bound of every snapshot an entry that occurred at `min` ms comes after. */
export const LOWER_SNAPSHOT_BOUNDS = `UPDATE snapshot_bounds SET min_after_ms = @min
  WHERE min_after_ms IS NULL OR min_after_ms > @min`;

/**
 * The newest snapshot all of whose entries occurred by `ms` ms, read by its seq: one state read.
 * (Ordering the rows that match the time index by seq, as `ORDER BY seq DESC LIMIT 1` over the
 * index does, copies every matching snapshot's state into a sorter first: tens of MB late in a
 * long log.)
 */
export const SNAPSHOT_FOR_TIME = `SELECT seq, entry_hash, max_occurred_ms, state FROM snapshots
  WHERE seq = (SELECT max(seq) FROM snapshots WHERE max_occurred_ms <= ?)`;

/** The first snapshot after `seq` that some entry at or before `ms` ms comes after. */
export const NEXT_SNAPSHOT_BOUND = `SELECT seq FROM snapshot_bounds
  WHERE seq > @seq AND (min_after_ms IS NULL OR min_after_ms > @ms) ORDER BY seq LIMIT 1`;
