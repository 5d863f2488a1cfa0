import type Database from 'better-sqlite3';
import { appendOnlyTriggers } from './append-only';
import {
  type HashReader,
  HashReadError,
  HASH_SIZE,
  splitStoredHashIndex,
  TreeFrontier,
} from '@authtrail/merkle';

/** The table of the log's Merkle tree hashes (schema 5). */
export const TREE_TABLE = 'tree_hashes';

/**
 * The SQL of the tree's table. Each row holds the hashes one leaf wrote, in the order of Go tlog's
 * stored-hash layout: the leaf's hash, then one hash per complete subtree the leaf closes. One row
 * per entry (keyed by its seq), so an append inserts one small row and a proof reads O(log n) rows
 * by primary key.
 */
export const TREE_SCHEMA = `CREATE TABLE ${TREE_TABLE} (
     seq    INTEGER PRIMARY KEY,
     hashes BLOB    NOT NULL
   ) STRICT;
   ${appendOnlyTriggers(TREE_TABLE, 'tree')}`;

/** Where stored hash `index` lies: the seq of the entry whose row holds it, and its slot there. */
function rowSlotOf(index: number): { seq: number; slot: number } {
  const { level, n } = splitStoredHashIndex(index);
  return { seq: (n + 1) * 2 ** level, slot: level };
}

/**
 * The log's Merkle tree in its file (RFC 6962 over the entries' canonical texts, leaf seq - 1).
 * Writes happen inside the log's append transactions, on its connection; reads see what that
 * connection sees, so an append reads the hashes the same transaction wrote.
 */
export class SqliteTree {
  /** Prepared at the first append (a reader's connection never writes). */
  private insert?: Database.Statement;
  private readonly row: Database.Statement;
  /**
   * The right edge of the tree this connection's appends wrote last: what the next append joins
   * (its left siblings), so appends read nothing from the file. Read from the file at the first
   * append (or check) after opening and after a failed write, whose hashes may not be committed.
   */
  private frontier?: TreeFrontier;

  constructor(private readonly db: Database.Database) {
    this.row = db.prepare(`SELECT hashes FROM ${TREE_TABLE} WHERE seq = ?`).pluck();
  }

  /** The tree of the log open on `db`, or undefined for a file of a schema before the tree. */
  static of(db: Database.Database): SqliteTree | undefined {
    const table = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
      .get(TREE_TABLE);
    return table === undefined ? undefined : new SqliteTree(db);
  }

  /** Reads stored hashes by index (libs/merkle's HashReader), one row per entry asked. */
  readonly read: HashReader = (indexes) => {
    let seq = 0;
    let row: Buffer | undefined;
    return indexes.map((index) => {
      const at = rowSlotOf(index);
      if (at.seq !== seq) {
        seq = at.seq;
        row = this.row.get(seq) as Buffer | undefined;
      }
      const start = at.slot * HASH_SIZE;
      if (row === undefined || row.length < start + HASH_SIZE) {
        throw new HashReadError(`the log's tree has no hash ${index} (entry ${at.seq})`);
      }
      return row.subarray(start, start + HASH_SIZE);
    });
  };

  /** Appends entry `seq`'s row: the next leaf (inside the log's transaction). */
  append(seq: number, text: string): void {
    this.insert ??= this.db.prepare(`INSERT INTO ${TREE_TABLE} (seq, hashes) VALUES (?, ?)`);
    this.insert.run(seq, this.next(seq, text));
  }

  /**
   * The row of hashes entry `seq` (leaf seq - 1, canonical text `text`) writes, its left siblings
   * taken from the frontier (read from the file when it stands elsewhere), which moves on to it.
   */
  private next(seq: number, text: string): Buffer {
    const leaf = seq - 1;
    if (this.frontier?.size !== leaf) this.frontier = TreeFrontier.read(leaf, this.read);
    return this.frontier.appendText(text);
  }

  /** After a failed write: what the frontier holds may not have been committed. */
  forgetUncommitted(): void {
    this.frontier = undefined;
  }

  /**
   * What is wrong with entry `seq`'s stored hashes `stored` (its row in lower-case hex) given its
   * canonical text `text` (the hashes it should have written, from the hashes before it), or
   * undefined when they are right.
   * Called for consecutive entries, it walks the range as appends do: each check reads the left
   * siblings the checks before it computed, and only the first few from the file.
   */
  rowProblem(seq: number, text: string, stored: string | null | undefined): string | undefined {
    if (stored === undefined || stored === null) {
      return `entry ${seq} has no hashes in the log's tree`;
    }
    let expected: Buffer;
    try {
      expected = this.next(seq, text);
    } catch (error) {
      if (error instanceof HashReadError) return error.message;
      throw error;
    }
    return expected.toString('hex') === stored
      ? undefined
      : `entry ${seq} does not match its hashes in the log's tree`;
  }
}
