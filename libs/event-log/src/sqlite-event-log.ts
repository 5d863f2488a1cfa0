import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LogEntry, NewLogEntry } from '@authtrail/contracts';
import type { HashReader } from '@authtrail/merkle';
import type { AppendResult, EventLog } from './event-log';
import { canonicalJson } from './canonical-json';
import {
  canonicalEntryText,
  chainHash,
  chainHashOfBytes,
  entryJsonText,
  GENESIS_HASH,
} from './entry-hash';
import { searchColumns } from './search-columns';
import { assertOpenable, INGEST_POSITION_TABLE, migrate, readIngestPosition } from './log-schema';
import { checkImportedEntry, ImportRefusedError } from './import-check';
import {
  EntriesRefusedError,
  EntryContentError,
  isContentError,
  type RefusedEntry,
} from './refused-entries';
import { LOWER_SNAPSHOT_BOUNDS } from './snapshot-sql';
import { LogLock } from './log-lock';
import { SqliteDetectionSnapshots } from './sqlite-detection-snapshots';
import { SqliteSnapshots } from './sqlite-snapshots';
import { entryHashAt, rowToEntry, type EntryRow } from './sqlite-entry-query';
import { WalCheckpointer } from './wal-checkpointer';
import { SqliteTree } from './sqlite-tree';
import { SqliteSignedCheckpoints } from './sqlite-signed-checkpoints';
import { storedRows, storedText } from './stored-text';
import type { UpgradeProgress } from './tree-upgrade';

export interface SqliteEventLogOptions {
  /** Open for reading only (no schema change, no append). */
  readonly?: boolean;
  /** Hears how an upgrade that reads every entry (building the tree) is going. */
  onUpgradeProgress?: UpgradeProgress;
}

/**
 * The log in one SQLite file: WAL, synchronous=FULL, one transaction per batch. The only file
 * that imports the driver for entries.
 */
export class SqliteEventLog implements EventLog {
  private readonly db: Database.Database;
  /** A writer's hold on the file (LogLock): one writer per log. */
  private readonly lock?: LogLock;
  private checkpointer?: WalCheckpointer;
  private seq = 0;
  private hash = GENESIS_HASH;
  private streamSeq = 0;
  private maxOccurred = 0;
  /** The ingest position as committed (or as the transaction in progress will commit it). */
  private handled = 0;
  private readonly insert: Database.Statement;
  /** Prepared at the first write too (a read-only file of an older schema has no such table). */
  private lowerSnapshotBounds?: Database.Statement;
  /** Prepared at the first write (a read-only schema-1 file has no such table). */
  private setIngestPosition?: Database.Statement;
  private readonly appendBatch: (
    batch: readonly NewLogEntry[],
    handledThrough: number,
  ) => AppendResult;
  private readonly importBatch: (entries: readonly unknown[]) => number;
  /** One entry in a savepoint (inside findRefused's transaction). */
  private readonly appendOne: (entry: NewLogEntry) => AppendResult;
  private readonly storedEvent: Database.Statement;
  /** The Merkle tree (undefined only for a file of an older schema opened read-only). */
  private readonly tree?: SqliteTree;
  private signed?: SqliteSignedCheckpoints;

  constructor(
    readonly path: string,
    options: SqliteEventLogOptions = {},
  ) {
    if (options.readonly) {
      if (!existsSync(path)) throw new Error(`${path} does not exist`);
    } else {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Before the file is touched for writing; throws LogLockedError when another writer has it.
      this.lock = LogLock.acquire(path);
    }
    try {
      this.db = this.open(path, !existsSync(path), options);
    } catch (error) {
      this.lock?.release();
      throw error;
    }
    try {
      this.loadTail();
      this.tree = SqliteTree.of(this.db);
    } catch (error) {
      this.close();
      throw error;
    }
    this.insert = this.db.prepare(
      `INSERT INTO entries (seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event,
         stream_seq, redacted, hash, occurred_ms, session_id, username, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
    );
    this.appendBatch = this.db.transaction(
      (batch: readonly NewLogEntry[], handledThrough: number) => {
        const result = this.write(batch);
        this.moveIngestPosition(handledThrough);
        return result;
      },
    );
    this.appendOne = this.db.transaction((entry: NewLogEntry) => this.write([entry]));
    this.storedEvent = this.db.prepare(`SELECT seq, event FROM entries WHERE event_id = ?`);
    this.importBatch = this.db.transaction((entries: readonly unknown[]) => {
      const count = this.writeImported(entries);
      this.moveIngestPosition(this.streamSeq);
      return count;
    });
  }

  /**
   * Appends `batch` and moves the ingest position to `handledThrough` (at least the batch's
   * highest stream_seq) in one transaction. A batch without entries that moves the position (its
   * messages were all dead-lettered) is a transaction of its own; one that would not move it
   * (redeliveries) writes nothing. An event_id already logged with the same event is a
   * duplicate; with another event, or a value the schema refuses, makes it throw
   * EntriesRefusedError naming every such entry (and write nothing).
   */
  append(
    batch: readonly NewLogEntry[],
    handledThrough = batch.reduce((max, entry) => Math.max(max, entry.stream_seq), 0),
  ): AppendResult {
    if (batch.length === 0 && handledThrough <= this.handled) {
      return { appended: [], texts: [], duplicates: [] };
    }
    try {
      return this.keepingTailOnFailure(() => this.appendBatch(batch, handledThrough));
    } catch (error) {
      if (!isContentError(error)) throw error;
      const refused = this.findRefused(batch);
      if (refused.length === 0) throw error;
      throw new EntriesRefusedError(refused);
    }
  }

  /**
   * The entries of `batch` that cannot be written for what they hold: each is tried in a
   * savepoint, in order, inside a transaction that is always rolled back. A failure of another
   * kind (the disk) is thrown as it is.
   */
  private findRefused(batch: readonly NewLogEntry[]): RefusedEntry[] {
    const refused: RefusedEntry[] = [];
    const rollback = new Error('rolled back');
    const probe = this.db.transaction(() => {
      batch.forEach((entry, index) => {
        try {
          this.keepingTailOnFailure(() => this.appendOne(entry));
        } catch (error) {
          if (!isContentError(error)) throw error;
          const message = (error as Error).message;
          const reason =
            error instanceof EntryContentError
              ? message
              : `the log's schema refuses it: ${message}`;
          refused.push({ index, reason });
        }
      });
      throw rollback;
    });
    try {
      this.keepingTailOnFailure(probe);
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return refused;
  }

  /**
   * Appends entries taken verbatim from another log of the same stream (a peer's `audit.replay`),
   * in one transaction: each must be the next seq, in stream order, with a hash that follows from
   * the one before (checkImportedEntry) and an event_id not yet stored. Rows are written exactly
   * as appended ones, indexed copies included. All or nothing: throws ImportRefusedError (and
   * writes none of them) when one entry does not fit. Returns how many were written.
   */
  importEntries(entries: readonly unknown[]): number {
    if (entries.length === 0) return 0;
    return this.keepingTailOnFailure(() => this.importBatch(entries));
  }

  lastSeq(): number {
    return this.seq;
  }

  lastStreamSeq(): number {
    return this.streamSeq;
  }

  handledStreamSeq(): number {
    return this.handled;
  }

  /** The latest occurred_at (ms) of any entry, 0 for an empty log. */
  maxOccurredMs(): number {
    return this.maxOccurred;
  }

  /** The hash of entry `seq`, or undefined when there is none. */
  hashAt(seq: number): string | undefined {
    return entryHashAt(this.db, seq);
  }

  /**
   * Reads the stored hashes of the log's Merkle tree (libs/merkle's HashReader): the tree of size
   * n is the tree of entries 1..n. Throws for a file of a schema before the tree.
   */
  treeReader(): HashReader {
    if (!this.tree) throw new Error(`${this.path} has no Merkle tree yet (an older log schema)`);
    return this.tree.read;
  }

  /** Entry `seq`'s canonical text (its tree leaf), undefined when there is no such entry. */
  leafText(seq: number): string | undefined {
    for (const row of storedRows(this.db, seq, seq)) return storedText(row);
    return undefined;
  }

  /** The signed checkpoints kept in this log's file, on its connection. */
  signedCheckpoints(): SqliteSignedCheckpoints {
    return (this.signed ??= new SqliteSignedCheckpoints(this.db));
  }

  *read(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): IterableIterator<LogEntry> {
    const rows = this.db
      .prepare(`SELECT * FROM entries WHERE seq BETWEEN ? AND ? ORDER BY seq`)
      .iterate(fromSeq, toSeq) as IterableIterator<EntryRow>;
    for (const row of rows) yield rowToEntry(row);
  }

  close(): void {
    this.checkpointer?.terminate();
    this.tree?.close();
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  /**
   * The projection snapshots kept in this log's file, on its connection. With `inBackground`,
   * large ones are written on a thread of their own (the service's, while it ingests).
   */
  /** The detections' saved states, on the log's own connection. */
  openDetectionSnapshots(): SqliteDetectionSnapshots {
    return new SqliteDetectionSnapshots(this.db);
  }

  openSnapshots(options: { inBackground?: boolean } = {}): SqliteSnapshots {
    return new SqliteSnapshots(this.db, options.inBackground ? { backgroundPath: this.path } : {});
  }

  /**
   * From now on the write-ahead log is checkpointed on a background thread (WalCheckpointer)
   * instead of at the end of commits: for a writer whose thread must not stall (the service,
   * once it is ready).
   */
  startBackgroundCheckpoints(): void {
    if (this.checkpointer || this.db.readonly) return;
    this.db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = new WalCheckpointer(this.path);
  }

  /**
   * From now on the tree's hashes of appended entries are computed on a thread of their own while
   * the entries are inserted (the same rows, in the same transaction): for a writer whose thread
   * is its bottleneck (the service). `onFailure` hears it if that thread fails, after which the
   * hashes are computed on the writer's thread again.
   */
  hashTreeOnThread(onFailure?: (reason: string) => void): void {
    if (!this.db.readonly) this.tree?.hashOnThread((seq) => this.leafText(seq)!, onFailure);
  }

  /**
   * Closes the log after the background checkpointer (if any) made its last checkpoint: the
   * write-ahead log is then in the database file.
   */
  async closeAfterCheckpoint(): Promise<void> {
    await this.checkpointer?.stop();
    this.close();
  }

  /** The background checkpointer's last figures (undefined without one). */
  get checkpointProgress(): WalCheckpointer['progress'] | undefined {
    return this.checkpointer?.progress;
  }

  /** Opens the file (checked read-only first); a writer's in WAL with the schema migrated. */
  private open(path: string, fresh: boolean, options: SqliteEventLogOptions): Database.Database {
    if (!fresh) {
      const probe = new Database(path, { readonly: true, fileMustExist: true });
      try {
        assertOpenable(probe, path);
      } finally {
        probe.close();
      }
    }
    // A short busy timeout: a locked file fails the batch quickly (it is retried with backoff)
    // instead of blocking the event loop for the default 5 s.
    const db = new Database(path, { readonly: options.readonly ?? false, timeout: 200 });
    if (fresh) chmodSync(path, 0o600);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db, options.onUpgradeProgress);
    }
    return db;
  }

  /** Runs a write transaction; if it fails, the tail in memory goes back to what was committed. */
  private keepingTailOnFailure<T>(write: () => T): T {
    const before = {
      seq: this.seq,
      hash: this.hash,
      streamSeq: this.streamSeq,
      maxOccurred: this.maxOccurred,
      handled: this.handled,
    };
    try {
      return write();
    } catch (error) {
      Object.assign(this, before);
      this.tree?.forgetUncommitted();
      throw error;
    }
  }

  private write(batch: readonly NewLogEntry[]): AppendResult {
    const appended: LogEntry[] = [];
    const texts: string[] = [];
    const duplicates: NewLogEntry[] = [];
    let batchMinimum = Number.POSITIVE_INFINITY;
    for (const candidate of batch) {
      // Built member by member: spreading the candidate twice cost more than hashing it.
      const entry: LogEntry = {
        seq: this.seq + 1,
        event_id: candidate.event_id,
        kind: candidate.kind,
        host: candidate.host,
        boot_id: candidate.boot_id,
        occurred_at: candidate.occurred_at,
        recorded_at: candidate.recorded_at,
        event: candidate.event,
        stream_seq: candidate.stream_seq,
        redacted: candidate.redacted,
        hash: '',
      };
      let eventJson: string, redactedJson: string, canonicalText: string;
      try {
        eventJson = canonicalJson(entry.event);
        redactedJson = canonicalJson(entry.redacted);
        canonicalText = canonicalEntryText(entry, eventJson, redactedJson);
      } catch (error) {
        throw new EntryContentError(`cannot be written as JSON: ${(error as Error).message}`);
      }
      // With the tree hashed on its own thread, the text is encoded once, where that thread reads
      // it, after the previous hash: the chain hashes those bytes.
      const laidOut = this.tree!.layOut(entry.seq, this.hash, canonicalText);
      entry.hash = laidOut ? chainHashOfBytes(laidOut) : chainHash(this.hash, canonicalText);
      const occurredMs = this.insertRow(
        entry,
        eventJson,
        redactedJson,
        canonicalText,
        laidOut !== undefined,
      );
      if (occurredMs === undefined) {
        const stored = this.storedEvent.get(entry.event_id) as { seq: number; event: string };
        if (stored.event !== eventJson) {
          throw new EntryContentError(
            `event_id already logged at seq ${stored.seq} with other content`,
          );
        }
        duplicates.push(candidate);
        continue;
      }
      batchMinimum = Math.min(batchMinimum, occurredMs);
      appended.push(entry);
      texts.push(entryJsonText(canonicalText, entry.hash));
    }
    this.tree!.flush();
    if (appended.length > 0) this.lowerBounds(batchMinimum);
    return { appended, texts, duplicates };
  }

  private writeImported(entries: readonly unknown[]): number {
    let batchMinimum = Number.POSITIVE_INFINITY;
    for (const candidate of entries) {
      const result = checkImportedEntry(candidate, {
        seq: this.seq,
        hash: this.hash,
        streamSeq: this.streamSeq,
      });
      if (!result.ok) throw new ImportRefusedError(result.reason);
      const { entry, eventJson, redactedJson, text } = result.checked;
      const occurredMs = this.insertRow(entry, eventJson, redactedJson, text);
      if (occurredMs === undefined) {
        throw new ImportRefusedError(
          `entry ${entry.seq} has event_id ${entry.event_id}, which the log already holds`,
        );
      }
      batchMinimum = Math.min(batchMinimum, occurredMs);
    }
    this.tree!.flush();
    if (entries.length > 0) this.lowerBounds(batchMinimum);
    return entries.length;
  }

  /** Inside a write transaction: the position goes to `handledThrough` or the last entry's. */
  private lowerBounds(min: number): void {
    this.lowerSnapshotBounds ??= this.db.prepare(LOWER_SNAPSHOT_BOUNDS);
    this.lowerSnapshotBounds.run({ min });
  }

  private moveIngestPosition(handledThrough: number): void {
    const position = Math.max(this.handled, this.streamSeq, handledThrough);
    if (position === this.handled) return;
    this.setIngestPosition ??= this.db.prepare(
      `UPDATE ${INGEST_POSITION_TABLE} SET stream_seq = ? WHERE id = 1`,
    );
    this.setIngestPosition.run(position);
    this.handled = position;
  }

  /**
   * Inserts one hashed entry with its indexed copies and its tree hashes (`text` is its canonical
   * text; `laidOut` when the tree's thread has it, laid out by SqliteTree.layOut), exactly as every
   * row is written, and moves the tail on. Returns its occurred_at in ms, or undefined when its
   * event_id is already stored.
   */
  private insertRow(
    entry: LogEntry,
    eventJson: string,
    redactedJson: string,
    text: string,
    laidOut = false,
  ): number | undefined {
    const search = searchColumns(entry.event);
    const occurredMs = Date.parse(entry.occurred_at);
    const info = this.insert.run(
      entry.seq,
      entry.event_id,
      entry.kind,
      entry.host,
      entry.boot_id,
      entry.occurred_at,
      entry.recorded_at,
      eventJson,
      entry.stream_seq,
      redactedJson,
      entry.hash,
      occurredMs,
      search.sessionId,
      search.username,
      search.origin,
    );
    if (info.changes === 0) return undefined;
    if (laidOut) this.tree!.placed(entry.seq);
    else this.tree!.append(entry.seq, text);
    this.seq = entry.seq;
    this.hash = entry.hash;
    this.streamSeq = Math.max(this.streamSeq, entry.stream_seq);
    this.maxOccurred = Math.max(this.maxOccurred, occurredMs);
    return occurredMs;
  }

  private loadTail(): void {
    const last = this.db
      .prepare(`SELECT seq, hash, stream_seq FROM entries ORDER BY seq DESC LIMIT 1`)
      .get() as { seq: number; hash: string; stream_seq: number } | undefined;
    this.seq = last?.seq ?? 0;
    this.hash = last?.hash ?? GENESIS_HASH;
    this.streamSeq = last?.stream_seq ?? 0;
    const max = this.db.prepare(`SELECT max(occurred_ms) AS m FROM entries`).get() as {
      m: number | null;
    };
    this.maxOccurred = max.m ?? 0;
    this.handled = Math.max(readIngestPosition(this.db), this.streamSeq);
  }
}
