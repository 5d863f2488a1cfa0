import type Database from 'better-sqlite3';

/** A checkpoint row to insert, as the checkpoints table holds it. */
export interface CheckpointRowToWrite {
  seq: number;
  entryHash: string;
  maxOccurredMs: number;
  createdAt: string;
  state: string;
}

/**
 * Inserts (or replaces) a checkpoint and its time bound in one transaction, on `db`: the log's
 * own connection or the background writer's.
 */
export function checkpointInserter(db: Database.Database): (row: CheckpointRowToWrite) => void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO checkpoints (seq, entry_hash, max_occurred_ms, created_at, state)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const bound = db.prepare(
    `INSERT OR REPLACE INTO checkpoint_bounds (seq, min_after_ms) VALUES (?, NULL)`,
  );
  return db.transaction((row: CheckpointRowToWrite) => {
    insert.run(row.seq, row.entryHash, row.maxOccurredMs, row.createdAt, row.state);
    bound.run(row.seq);
  });
}

/** Lowers the time bound of every checkpoint an entry that occurred at `min` ms comes after. */
export const LOWER_CHECKPOINT_BOUNDS = `UPDATE checkpoint_bounds SET min_after_ms = @min
  WHERE min_after_ms IS NULL OR min_after_ms > @min`;

/** The first checkpoint after `seq` that some entry at or before `ms` ms comes after. */
export const NEXT_CHECKPOINT_BOUND = `SELECT seq FROM checkpoint_bounds
  WHERE seq > @seq AND (min_after_ms IS NULL OR min_after_ms > @ms) ORDER BY seq LIMIT 1`;
