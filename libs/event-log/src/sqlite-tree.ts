import type Database from 'better-sqlite3';
import { appendOnlyTriggers } from './append-only';
import {
  type HashReader,
  HashReadError,
  HASH_SIZE,
  hashesStoredBy,
  splitStoredHashIndex,
  storedHashIndex,
  TreeFrontier,
} from '@authtrail/merkle';
import { TreeHasher } from './tree-hasher';

/** The table of the log's Merkle tree hashes (schema 5; rows of several entries from 7). */
export const TREE_TABLE = 'tree_hashes';

/**
 * The SQL of the tree's table. A row holds the hashes of consecutive entries, from the one whose
 * seq keys it, in the order of Go tlog's stored-hash layout: each entry's leaf hash, then one hash
 * per complete subtree that entry closes. An append transaction writes one row for its entries
 * (at most ROW_ENTRIES), and a proof reads O(log n) rows by primary key. (Schemas 5 and 6 wrote a
 * row per entry: such a row is read the same way.)
 */
export const TREE_SCHEMA = `CREATE TABLE ${TREE_TABLE} (
     seq    INTEGER PRIMARY KEY,
     hashes BLOB    NOT NULL
   ) STRICT;
   ${appendOnlyTriggers(TREE_TABLE, 'tree')}`;

/**
 * The most entries one row holds (about 2 KB of hashes, within one page): a proof reads a whole
 * row for each hash it takes. A transaction of 500 entries still writes 16 rows instead of 500.
 */
const ROW_ENTRIES = 32;
/**
 * Room for a row's hashes: 32 consecutive leaves close at most 31 subtrees among themselves and
 * 58 more above the one whose index is a multiple of 32 (121 hashes, 3,872 bytes).
 */
const ROW_BYTES = 128 * HASH_SIZE;

/** Where entry `seq`'s hashes start in a row whose first entry is `first`, in bytes. */
const offsetInRow = (first: number, seq: number): number =>
  (storedHashIndex(0, seq - 1) - storedHashIndex(0, first - 1)) * HASH_SIZE;

/** One stored row: its first entry, its bytes, and the first entry of the next row, if any. */
interface TreeRow {
  first: number;
  hashes: Buffer;
  next: number;
}

/** Entry `seq`'s hashes in `row`, or undefined when the row ends before them. */
function hashesIn(row: TreeRow, seq: number): Buffer | undefined {
  const start = offsetInRow(row.first, seq);
  const end = start + hashesStoredBy(seq - 1) * HASH_SIZE;
  return end <= row.hashes.length ? row.hashes.subarray(start, end) : undefined;
}

/**
 * The log's Merkle tree in its file (RFC 6962 over the entries' canonical texts, leaf seq - 1).
 * Writes happen inside the log's append transactions, on its connection: append() computes an
 * entry's hashes, flush() writes those of the entries appended since the last as rows, before
 * the transaction commits. Reads see what that connection sees.
 */
export class SqliteTree {
  /** Prepared at the first flush (a reader's connection never writes). */
  private insert?: Database.Statement;
  /** The row holding an entry's hashes: the one with the greatest first seq at or before it. */
  private readonly rowAt: Database.Statement;
  /**
   * The row read last: reads of neighbouring entries reuse it (a verification's walk over
   * consecutive entries, a proof's hashes within one read).
   */
  private lastRow?: TreeRow;
  /**
   * The right edge of the tree this connection's appends wrote last: what the next append joins
   * (its left siblings), so appends read nothing from the file. Read from the file at the first
   * append (or check) after opening and after a failed write, whose hashes may not be committed.
   */
  private frontier?: TreeFrontier;
  /**
   * The row being filled: the hashes of the entries appended since the last flush, from entry
   * `pendingFirst` on, in its first `pendingBytes` bytes (reused: the insert copies it).
   */
  private readonly pending = Buffer.allocUnsafe(ROW_BYTES);
  private pendingBytes = 0;
  private pendingCount = 0;
  private pendingFirst = 0;
  /** The hashes computed on a thread of their own, for a writer that asked (hashOnThread). */
  private hasher?: TreeHasher;
  /** An entry's canonical text as stored, to hash again what the thread could not. */
  private textOf?: (seq: number) => string;

  constructor(private readonly db: Database.Database) {
    this.rowAt = db
      .prepare(
        `SELECT seq, hashes, (SELECT min(seq) FROM ${TREE_TABLE} WHERE seq > t.seq)
           FROM ${TREE_TABLE} t WHERE seq <= ? ORDER BY seq DESC LIMIT 1`,
      )
      .raw(true);
  }

  /** The tree of the log open on `db`, or undefined for a file of a schema before the tree. */
  static of(db: Database.Database): SqliteTree | undefined {
    const table = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
      .get(TREE_TABLE);
    return table === undefined ? undefined : new SqliteTree(db);
  }

  /**
   * Reads stored hashes by index (libs/merkle's HashReader), from the file as it is now: the row
   * read last is reused within one call only, so a proof or a root reads what the file holds even
   * after it was changed under a running service (what verification must see).
   */
  readonly read: HashReader = (indexes) => {
    this.lastRow = undefined;
    return indexes.map((index) => {
      const { level, n } = splitStoredHashIndex(index);
      // The hash of subtree (level, n) is the level-th one its last leaf stored.
      const seq = (n + 1) * 2 ** level;
      const hashes = this.storedHashes(seq);
      if (hashes === undefined) {
        throw new HashReadError(`the log's tree has no hash ${index} (entry ${seq})`);
      }
      return hashes.subarray(level * HASH_SIZE, (level + 1) * HASH_SIZE);
    });
  };

  /**
   * Entry `seq`'s stored hashes, or undefined when no row holds all of them. Each entry has one
   * place: the row with the greatest first seq at or before it, up to the next row's first.
   */
  private storedHashes(seq: number): Buffer | undefined {
    const last = this.lastRow;
    if (last !== undefined && seq >= last.first && seq < last.next) {
      const hashes = hashesIn(last, seq);
      if (hashes !== undefined) return hashes;
    }
    const found = this.rowAt.get(seq) as [number, Buffer, number | null] | undefined;
    if (found === undefined) return undefined;
    const row = { first: found[0], hashes: found[1], next: found[2] ?? Number.POSITIVE_INFINITY };
    this.lastRow = row;
    return hashesIn(row, seq);
  }

  /**
   * From now on the writer may place entries for a thread of their own to hash (place()), which
   * gives the same rows. `textOf(seq)` reads an entry's canonical text back (to hash here what
   * the thread could not); `onFailure` hears why, if the thread fails.
   */
  hashOnThread(textOf: (seq: number) => string, onFailure?: (reason: string) => void): void {
    this.hasher ??= new TreeHasher(onFailure);
    this.textOf = textOf;
  }

  /** Ends the hashing thread, if any. */
  close(): void {
    this.hasher?.close();
  }

  /**
   * Entry `seq` laid out for the hashing thread (TreeHasher.layOut): the bytes of `previousHash`
   * then `text`, which the chain hash covers; undefined when there is no thread or it does not
   * take the entry: then append() hashes it here. placed() adds it once it is inserted.
   */
  layOut(seq: number, previousHash: string, text: string): Buffer | undefined {
    if (!this.hasher?.working) return undefined;
    // Rows in entry order: hashes computed here go in before the thread takes the next entry,
    // and the thread's before an entry it does not take.
    this.writePending();
    const bytes = this.hasher.layOut(seq, previousHash, text, this.edge);
    if (bytes === undefined) this.writeHashed();
    return bytes;
  }

  /** Entry `seq`, laid out last, is in the log. */
  placed(seq: number): void {
    this.hasher!.placed(seq);
  }

  /** Computes entry `seq`'s hashes, the next leaf; flush() writes them (in the transaction). */
  append(seq: number, text: string): void {
    if (this.hasher?.busy) this.writeHashed();
    const frontier = this.frontierAt(seq - 1);
    if (this.pendingCount === 0) this.pendingFirst = seq;
    this.pendingBytes += frontier.appendTextInto(text, this.pending, this.pendingBytes);
    this.pendingCount += 1;
    if (this.pendingCount === ROW_ENTRIES) this.writePending();
  }

  /** Writes the hashes appended since the last flush, one row per ROW_ENTRIES entries. */
  flush(): void {
    this.writeHashed();
    this.writePending();
  }

  private writePending(): void {
    if (this.pendingCount === 0) return;
    this.writeRow(this.pendingFirst, this.pending.subarray(0, this.pendingBytes));
    this.pendingBytes = 0;
    this.pendingCount = 0;
  }

  /**
   * Writes what the thread hashed since the last time, a row per ROW_ENTRIES entries; if it
   * failed, hashes those entries here instead (read back from the log).
   */
  private writeHashed(): void {
    if (!this.hasher?.busy) return;
    const outcome = this.hasher.finish();
    if ('failed' in outcome) {
      this.frontier = undefined;
      for (let seq = outcome.from; seq <= outcome.to; seq++) this.append(seq, this.textOf!(seq));
      return;
    }
    for (const { first, hashes } of outcome.runs) {
      let seq = first;
      let at = 0;
      while (at < hashes.length) {
        const start = at;
        const rowFirst = seq;
        for (let n = 0; n < ROW_ENTRIES && at < hashes.length; n++, seq++) {
          at += hashesStoredBy(seq - 1) * HASH_SIZE;
        }
        this.writeRow(rowFirst, hashes.subarray(start, at));
      }
    }
  }

  private writeRow(first: number, hashes: Buffer): void {
    this.insert ??= this.db.prepare(`INSERT INTO ${TREE_TABLE} (seq, hashes) VALUES (?, ?)`);
    this.insert.run(first, hashes);
  }

  /** The frontier's edge at `size` as the file holds it (where the hashing thread starts). */
  private readonly edge = (size: number) => TreeFrontier.read(size, this.read).edge();

  /**
   * The hashes entry `seq` (leaf seq - 1, canonical text `text`) stores, its left siblings taken
   * from the frontier (read from the file when it stands elsewhere), which moves on to it.
   */
  private next(seq: number, text: string): Buffer {
    return this.frontierAt(seq - 1).appendText(text);
  }

  /** The frontier where leaf `leaf` is appended: kept from the last append, or read from the file. */
  private frontierAt(leaf: number): TreeFrontier {
    if (this.frontier?.size !== leaf) this.frontier = TreeFrontier.read(leaf, this.read);
    return this.frontier;
  }

  /** After a failed write: what was appended, or read in it, may not have been committed. */
  forgetUncommitted(): void {
    this.hasher?.forget();
    this.frontier = undefined;
    this.pendingBytes = 0;
    this.pendingCount = 0;
    this.lastRow = undefined;
  }

  /**
   * What is wrong with entry `seq`'s stored hashes given its canonical text `text` (the hashes it
   * should have stored, from the hashes before it), or undefined when they are right.
   * Called for consecutive entries, it walks the range as appends do: each check reads the left
   * siblings the checks before it computed, and only the first few from the file.
   */
  problemAt(seq: number, text: string): string | undefined {
    const stored = this.storedHashes(seq);
    if (stored === undefined) return `entry ${seq} has no hashes in the log's tree`;
    let expected: Buffer;
    try {
      expected = this.next(seq, text);
    } catch (error) {
      if (error instanceof HashReadError) return error.message;
      throw error;
    }
    return expected.equals(stored)
      ? undefined
      : `entry ${seq} does not match its hashes in the log's tree`;
  }
}
