import type Database from 'better-sqlite3';
import {
  snapshotInserter,
  NEXT_SNAPSHOT_BOUND,
  SNAPSHOT_FOR_TIME,
  type SnapshotRowToWrite,
} from './snapshot-sql';
import { SnapshotWriter } from './snapshot-writer';
import type { Snapshot, SnapshotStore } from './event-log';

interface SnapshotRow {
  seq: number;
  entry_hash: string;
  max_occurred_ms: number;
  state: string;
}

const snapshotOf = (row: SnapshotRow | undefined): Snapshot | undefined =>
  row && {
    seq: row.seq,
    entryHash: row.entry_hash,
    maxOccurredMs: row.max_occurred_ms,
    state: row.state,
  };

/** Snapshots in the log's own SQLite file. */
export class SqliteSnapshots implements SnapshotStore {
  private readonly insert: (row: SnapshotRowToWrite) => void;
  private readonly before: Database.Statement;
  private readonly byTime: Database.Statement;
  private readonly boundary: Database.Statement;
  private readonly writer?: SnapshotWriter;

  /** With `backgroundPath` (the log file's path), large snapshots can be written off-thread. */
  constructor(db: Database.Database, options: { backgroundPath?: string } = {}) {
    if (options.backgroundPath) this.writer = new SnapshotWriter(options.backgroundPath);
    this.insert = snapshotInserter(db);
    this.before = db.prepare(
      `SELECT seq, entry_hash, max_occurred_ms, state FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1`,
    );
    this.byTime = db.prepare(SNAPSHOT_FOR_TIME);
    this.boundary = db.prepare(NEXT_SNAPSHOT_BOUND);
  }

  save(snapshot: Snapshot, createdAt: string): void {
    this.insert({ ...snapshot, createdAt });
  }

  get streamInBackground(): SnapshotStore['streamInBackground'] {
    const writer = this.writer;
    if (!writer) return undefined;
    return () => {
      const stream = writer.stream();
      return {
        add: (piece: string) => stream.add(piece),
        finish: (snapshot: Omit<Snapshot, 'state'>, createdAt: string) =>
          stream.finish({ ...snapshot, createdAt }),
        abort: () => stream.abort(),
      };
    };
  }

  async close(): Promise<void> {
    await this.writer?.close();
  }

  atOrBefore(seq: number): Snapshot | undefined {
    return snapshotOf(this.before.get(seq) as SnapshotRow | undefined);
  }

  forTime(ms: number): { snapshot?: Snapshot; untilSeq?: number } {
    const snapshot = snapshotOf(this.byTime.get(ms) as SnapshotRow | undefined);
    const until = this.boundary.get({ seq: snapshot?.seq ?? 0, ms }) as { seq: number } | undefined;
    return { snapshot, untilSeq: until?.seq };
  }
}
