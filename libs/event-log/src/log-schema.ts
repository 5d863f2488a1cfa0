import type Database from 'better-sqlite3';
import { LogSchemaError } from './log-schema-error';
import { DETECTION_SNAPSHOTS_SCHEMA } from './sqlite-detection-snapshots';
import { SIGNED_CHECKPOINTS_SCHEMA } from './sqlite-signed-checkpoints';
import { addTree, type UpgradeProgress } from './tree-upgrade';

/** The newest schema this build reads and writes (`PRAGMA user_version`). */
export const LOG_SCHEMA_VERSION = 7;

/** The one-row table holding the highest stream sequence the log has handled (schema 2). */
export const INGEST_POSITION_TABLE = 'ingest_position';

/** One step of the schema: SQL, or a function for a step that computes what it writes. */
type Migration = string | ((db: Database.Database, progress?: UpgradeProgress) => void);

const MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE entries (
     seq         INTEGER PRIMARY KEY,
     event_id    TEXT    NOT NULL UNIQUE,
     kind        TEXT    NOT NULL,
     host        TEXT    NOT NULL,
     boot_id     TEXT    NOT NULL,
     occurred_at TEXT    NOT NULL,
     recorded_at TEXT    NOT NULL,
     event       TEXT    NOT NULL,
     stream_seq  INTEGER NOT NULL,
     redacted    TEXT    NOT NULL,
     hash        TEXT    NOT NULL,
     occurred_ms INTEGER NOT NULL,
     session_id  TEXT,
     username    TEXT,
     origin      TEXT
   ) STRICT;
   CREATE INDEX entries_host_time ON entries (host, occurred_ms);
   CREATE INDEX entries_time ON entries (occurred_ms);
   CREATE INDEX entries_session ON entries (session_id) WHERE session_id IS NOT NULL;
   CREATE INDEX entries_username ON entries (username) WHERE username IS NOT NULL;
   CREATE TABLE checkpoints (
     seq             INTEGER PRIMARY KEY,
     entry_hash      TEXT    NOT NULL,
     max_occurred_ms INTEGER NOT NULL,
     min_after_ms    INTEGER,
     created_at      TEXT    NOT NULL,
     state           TEXT    NOT NULL
   ) STRICT;
   CREATE INDEX checkpoints_time ON checkpoints (max_occurred_ms);
   CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
  // 2: the ingest position, kept in the file with the entries: the highest stream sequence
  // handled (appended, a duplicate, or dead-lettered), written in each batch's transaction, so a
  // restored copy resumes exactly where it ends. A log of schema 1 starts at its last entry.
  `CREATE TABLE ${INGEST_POSITION_TABLE} (
     id         INTEGER PRIMARY KEY CHECK (id = 1),
     stream_seq INTEGER NOT NULL CHECK (stream_seq >= 0)
   ) STRICT;
   INSERT INTO ${INGEST_POSITION_TABLE} (id, stream_seq)
     SELECT 1, coalesce(max(stream_seq), 0) FROM entries;`,
  // 3: each projection snapshot's time bound in a small row of its own (the tables were named
  // checkpoints and checkpoint_bounds until 4). Kept in the snapshot's row, it was lowered by the
  // commits of late events, and SQLite rewrites a whole row to update one column: a 21 MB
  // snapshot was rewritten (and fsynced) by the next commit after it, and by every commit of an
  // older event. (The snapshots' min_after_ms column is no longer used.)
  `CREATE TABLE checkpoint_bounds (
     seq          INTEGER PRIMARY KEY,
     min_after_ms INTEGER
   ) STRICT;
   INSERT INTO checkpoint_bounds (seq, min_after_ms) SELECT seq, min_after_ms FROM checkpoints;`,
  // 4: the projection's saved states are snapshots: a checkpoint is the log's signed tree head
  // (C2SP tlog-checkpoint). The tables and their index are renamed; no row changes.
  `ALTER TABLE checkpoints RENAME TO snapshots;
   ALTER TABLE checkpoint_bounds RENAME TO snapshot_bounds;
   DROP INDEX checkpoints_time;
   CREATE INDEX snapshots_time ON snapshots (max_occurred_ms);`,
  // 5: the verifiable log: every entry's RFC 6962 tree hashes (built here for the entries a log
  // already holds: a pass over the file, with progress) and the signed checkpoints of the tree.
  (db, progress) => {
    addTree(db, progress);
    db.exec(SIGNED_CHECKPOINTS_SCHEMA);
  },
  // 6: the detections' saved states (docs/detections.md), beside the projection's snapshots: an
  // older log has none, and its first start folds the detections from its first entry.
  DETECTION_SNAPSHOTS_SCHEMA,
  // 7: a row of tree_hashes may hold the hashes of several consecutive entries (an append writes
  // one row per transaction, not one per entry). Rows written before, one entry each, read the
  // same way; nothing is rewritten. The step only makes an older build refuse the file rather
  // than misread its rows.
  (): void => undefined,
];

export { LogSchemaError };

/** Checks a database opened read-only: refuses newer schemas and foreign databases. */
export function assertOpenable(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LOG_SCHEMA_VERSION) {
    throw new LogSchemaError(
      `${path} has log schema version ${version}, newer than this authtrail supports ` +
        `(${LOG_SCHEMA_VERSION}); upgrade authtrail, the file was not modified`,
    );
  }
  const tables = db
    .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`)
    .get() as {
    n: number;
  };
  if (version === 0 && tables.n > 0) {
    throw new LogSchemaError(
      `${path} is a SQLite database that authtrail did not create; point AUTHTRAIL_DB at another file`,
    );
  }
}

/**
 * The highest stream sequence the log has handled: the stored ingest position, or for a file not
 * yet migrated to schema 2 (opened read-only) its highest entry's stream sequence.
 */
export function readIngestPosition(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const row = (
    version >= 2
      ? db.prepare(`SELECT stream_seq AS s FROM ${INGEST_POSITION_TABLE} WHERE id = 1`).get()
      : db.prepare(`SELECT coalesce(max(stream_seq), 0) AS s FROM entries`).get()
  ) as { s: number } | undefined;
  return row?.s ?? 0;
}

/**
 * Brings the schema up to LOG_SCHEMA_VERSION, one transaction per step; `progress` hears how a
 * long step (one that reads every entry) is going.
 */
export function migrate(db: Database.Database, progress?: UpgradeProgress): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let step = version; step < MIGRATIONS.length; step++) {
    const migration = MIGRATIONS[step];
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db, progress);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}
