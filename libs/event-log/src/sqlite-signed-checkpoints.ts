import type Database from 'better-sqlite3';
import { appendOnlyTriggers } from './append-only';

/** The table of every checkpoint the log's signer signed (schema 5). */
const TABLE = 'signed_checkpoints';

export const SIGNED_CHECKPOINTS_SCHEMA = `CREATE TABLE ${TABLE} (
     size      INTEGER PRIMARY KEY,
     root      BLOB    NOT NULL,
     note      TEXT    NOT NULL,
     signed_at TEXT    NOT NULL
   ) STRICT;
   ${appendOnlyTriggers(TABLE)}`;

/** A signed checkpoint as the log keeps it: the tree size, its root, the signed note. */
export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  /** The signed note's text, verbatim. */
  note: string;
  /** When it was signed (ISO 8601). */
  signedAt: string;
}

interface Row {
  size: number;
  root: Buffer;
  note: string;
  signed_at: string;
}

const toCheckpoint = (row: Row | undefined): StoredCheckpoint | undefined =>
  row && { size: row.size, root: row.root, note: row.note, signedAt: row.signed_at };

/** The signed checkpoints kept in the log's file, on the log's connection. */
export class SqliteSignedCheckpoints {
  private readonly insert: Database.Statement;
  private readonly newest: Database.Statement;
  private readonly bySize: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO ${TABLE} (size, root, note, signed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (size) DO NOTHING`,
    );
    this.newest = db.prepare(`SELECT * FROM ${TABLE} ORDER BY size DESC LIMIT 1`);
    this.bySize = db.prepare(`SELECT * FROM ${TABLE} WHERE size = ?`);
  }

  /** Keeps `checkpoint`; one already kept at its size stays as it is (the first one signed). */
  add(checkpoint: StoredCheckpoint): void {
    this.insert.run(
      checkpoint.size,
      Buffer.from(checkpoint.root),
      checkpoint.note,
      checkpoint.signedAt,
    );
  }

  /** The checkpoint of the largest tree signed, undefined before the first. */
  latest(): StoredCheckpoint | undefined {
    return toCheckpoint(this.newest.get() as Row | undefined);
  }

  /** The checkpoint signed at exactly `size`, if any. */
  atSize(size: number): StoredCheckpoint | undefined {
    return toCheckpoint(this.bySize.get(size) as Row | undefined);
  }
}
