import Database from 'better-sqlite3';

/**
 * Makes the log at `path` a file of schema 2, as a build before the snapshot time bounds (3), the
 * snapshots' names (4) and the Merkle tree (5) wrote it: each snapshot's time bound back in its
 * row, the tables of 3 and 5 dropped, the projection's tables and index under their schema-2 names
 * (checkpoints), user_version 2, and the file vacuumed (an older build's file has no pages freed
 * by dropped tables). The entries and the snapshots' rows are kept as they are.
 */
export function makeSchema2(path: string): void {
  const db = new Database(path);
  try {
    db.exec(`UPDATE snapshots SET min_after_ms =
               (SELECT min_after_ms FROM snapshot_bounds b WHERE b.seq = snapshots.seq);
             DROP TABLE snapshot_bounds;
             DROP TABLE detection_snapshots;
             DROP TABLE tree_hashes;
             DROP TABLE signed_checkpoints;
             ALTER TABLE snapshots RENAME TO checkpoints;
             DROP INDEX snapshots_time;
             CREATE INDEX checkpoints_time ON checkpoints (max_occurred_ms);
             PRAGMA user_version = 2;
             VACUUM;`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
