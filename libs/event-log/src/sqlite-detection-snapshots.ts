import type Database from 'better-sqlite3';
import type { DetectionSnapshotStore, SavedDetections } from './event-log';

/** Schema step 6: one row per saved detection state, by the seq it stands after. */
export const DETECTION_SNAPSHOTS_SCHEMA = `CREATE TABLE detection_snapshots (
     seq        INTEGER PRIMARY KEY,
     entry_hash TEXT    NOT NULL,
     created_at TEXT    NOT NULL,
     state      TEXT    NOT NULL
   ) STRICT;`;

interface Row {
  seq: number;
  entry_hash: string;
  state: string;
}

/** The detections' saved states in the log's own SQLite file (not part of the hash chain). */
export class SqliteDetectionSnapshots implements DetectionSnapshotStore {
  private readonly insert: Database.Statement;
  private readonly before: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO detection_snapshots (seq, entry_hash, created_at, state)
       VALUES (?, ?, ?, ?)`,
    );
    this.before = db.prepare(
      `SELECT seq, entry_hash, state FROM detection_snapshots
       WHERE seq <= ? ORDER BY seq DESC LIMIT 1`,
    );
  }

  /**
   * Saves a state without an fsync of its own: it is derived from the log, and the next commit of
   * entries (synchronous=FULL) syncs the write-ahead log with it. In WAL mode a commit at NORMAL
   * keeps the file consistent; a save lost to a power cut is folded again from the log at start.
   */
  save(saved: SavedDetections, createdAt: string): void {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.insert.run(saved.seq, saved.entryHash, createdAt, saved.state);
    } finally {
      this.db.pragma(`synchronous = ${level}`);
    }
  }

  atOrBefore(seq: number): SavedDetections | undefined {
    const row = this.before.get(seq) as Row | undefined;
    return row && { seq: row.seq, entryHash: row.entry_hash, state: row.state };
  }
}
