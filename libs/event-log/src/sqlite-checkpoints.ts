import type Database from 'better-sqlite3';
import {
  checkpointInserter,
  NEXT_CHECKPOINT_BOUND,
  type CheckpointRowToWrite,
} from './checkpoint-sql';
import { CheckpointWriter } from './checkpoint-writer';
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
  private readonly insert: (row: CheckpointRowToWrite) => void;
  private readonly before: Database.Statement;
  private readonly byTime: Database.Statement;
  private readonly boundary: Database.Statement;
  private readonly writer?: CheckpointWriter;

  /** With `backgroundPath` (the log file's path), large checkpoints can be written off-thread. */
  constructor(db: Database.Database, options: { backgroundPath?: string } = {}) {
    if (options.backgroundPath) this.writer = new CheckpointWriter(options.backgroundPath);
    this.insert = checkpointInserter(db);
    this.before = db.prepare(
      `SELECT seq, entry_hash, max_occurred_ms, state FROM checkpoints WHERE seq <= ? ORDER BY seq DESC LIMIT 1`,
    );
    this.byTime = db.prepare(
      `SELECT seq, entry_hash, max_occurred_ms, state FROM checkpoints
       WHERE max_occurred_ms <= ? ORDER BY seq DESC LIMIT 1`,
    );
    this.boundary = db.prepare(NEXT_CHECKPOINT_BOUND);
  }

  save(checkpoint: Checkpoint, createdAt: string): void {
    this.insert({ ...checkpoint, createdAt });
  }

  get streamInBackground(): CheckpointStore['streamInBackground'] {
    const writer = this.writer;
    if (!writer) return undefined;
    return () => {
      const stream = writer.stream();
      return {
        add: (piece: string) => stream.add(piece),
        finish: (checkpoint: Omit<Checkpoint, 'state'>, createdAt: string) =>
          stream.finish({ ...checkpoint, createdAt }),
        abort: () => stream.abort(),
      };
    };
  }

  async close(): Promise<void> {
    await this.writer?.close();
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
