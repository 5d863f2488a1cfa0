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

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO detection_snapshots (seq, entry_hash, created_at, state)
       VALUES (?, ?, ?, ?)`,
    );
    this.before = db.prepare(
      `SELECT seq, entry_hash, state FROM detection_snapshots
       WHERE seq <= ? ORDER BY seq DESC LIMIT 1`,
    );
  }

  save(saved: SavedDetections, createdAt: string): void {
    this.insert.run(saved.seq, saved.entryHash, createdAt, saved.state);
  }

  atOrBefore(seq: number): SavedDetections | undefined {
    const row = this.before.get(seq) as Row | undefined;
    return row && { seq: row.seq, entryHash: row.entry_hash, state: row.state };
  }
}
