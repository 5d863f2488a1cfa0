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
  private readonly boundary: Database.Statement;

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
       WHERE max_occurred_ms <= ? ORDER BY seq DESC LIMIT 1`,
    );
    this.boundary = db.prepare(
      `SELECT seq FROM checkpoints WHERE seq > @seq AND (min_after_ms IS NULL OR min_after_ms > @ms)
       ORDER BY seq LIMIT 1`,
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

  forTime(ms: number): { checkpoint?: Checkpoint; untilSeq?: number } {
    const checkpoint = toCheckpoint(this.byTime.get(ms) as CheckpointRow | undefined);
    const until = this.boundary.get({ seq: checkpoint?.seq ?? 0, ms }) as
      { seq: number } | undefined;
    return { checkpoint, untilSeq: until?.seq };
  }
}
