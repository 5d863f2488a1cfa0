import type Database from 'better-sqlite3';
import type { Checkpoint, CheckpointStore } from './event-log';

interface CheckpointRow {
  seq: number;
  entry_hash: string;
  max_occurred_ms: number;
  state: string;
}

const toCheckpoint = (row: CheckpointRow | undefined): Checkpoint | undefined =>
  row && {
    seq: row.seq,
    entryHash: row.entry_hash,
    maxOccurredMs: row.max_occurred_ms,
    state: row.state,
  };

/** Checkpoints in the log's own SQLite file. */
export class SqliteCheckpoints implements CheckpointStore {
  private readonly insert: Database.Statement;
  private readonly before: Database.Statement;
  private readonly byTime: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO checkpoints (seq, entry_hash, max_occurred_ms, created_at, state)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.before = db.prepare(
      `SELECT seq, entry_hash, max_occurred_ms, state FROM checkpoints WHERE seq <= ? ORDER BY seq DESC LIMIT 1`,
    );
    this.byTime = db.prepare(
      `SELECT seq, entry_hash, max_occurred_ms, state FROM checkpoints
       WHERE time_valid = 1 AND max_occurred_ms <= ? ORDER BY max_occurred_ms DESC, seq DESC LIMIT 1`,
    );
  }

  save(checkpoint: Checkpoint, createdAt: string): void {
    this.insert.run(
      checkpoint.seq,
      checkpoint.entryHash,
      checkpoint.maxOccurredMs,
      createdAt,
      checkpoint.state,
    );
  }

  atOrBefore(seq: number): Checkpoint | undefined {
    return toCheckpoint(this.before.get(seq) as CheckpointRow | undefined);
  }

  forTime(ms: number): Checkpoint | undefined {
    return toCheckpoint(this.byTime.get(ms) as CheckpointRow | undefined);
  }
}
