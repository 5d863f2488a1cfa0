import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { LogEntry } from '@authtrail/contracts';
import type { VerifyResult } from './event-log';
import { verifyChain } from './chain-verifier';
import { canVerifyInWorkers, verifyInWorkers } from './parallel-verify';
import { selectEntries, selectEntryJson, type EntryCondition } from './sqlite-entry-query';

/** Ranges shorter than this are checked on the calling thread (a worker costs ~30 ms to start). */
const IN_THREAD_LIMIT = 50_000;
const VERIFY_WORKERS = 2;

/** Read-side access to the log for audit queries, replay and verification. */
export interface AuditReader {
  /** Entries read lazily; consume them without yielding to the event loop in between. */
  select(condition: EntryCondition, descending?: boolean): Generator<LogEntry>;
  /**
   * Entries as JSON texts in seq order, from the stored texts without parsing them, on a
   * connection of their own: the consumer may await between entries (streaming).
   */
  streamJson(condition: EntryCondition): Generator<string>;
  /** Entries on a connection of their own, like streamJson. */
  stream(condition: EntryCondition): Generator<LogEntry>;
  /** Checks the chain; long ranges run on worker threads so the caller's thread stays free. */
  verify(fromSeq?: number, toSeq?: number): Promise<VerifyResult>;
  /** Bytes on disk: the database file and its write-ahead log. */
  sizeBytes(): number;
  close(): void;
}

/**
 * Reads the log through read-only connections (WAL lets them run beside the writer). Streams get
 * a connection each, since a connection with an open cursor cannot run anything else.
 */
export class SqliteAuditReader implements AuditReader {
  private readonly db: Database.Database;

  constructor(private readonly path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  select(condition: EntryCondition, descending = false): Generator<LogEntry> {
    return selectEntries(this.db, condition, descending);
  }

  *streamJson(condition: EntryCondition): Generator<string> {
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      yield* selectEntryJson(db, condition);
    } finally {
      db.close();
    }
  }

  *stream(condition: EntryCondition): Generator<LogEntry> {
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      yield* selectEntries(db, condition);
    } finally {
      db.close();
    }
  }

  async verify(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): Promise<VerifyResult> {
    const last =
      (this.db.prepare('SELECT max(seq) AS m FROM entries').get() as { m: number | null }).m ?? 0;
    const to = Math.min(toSeq, Math.max(last, fromSeq));
    if (to - fromSeq + 1 < IN_THREAD_LIMIT || !canVerifyInWorkers())
      return verifyChain(this.db, fromSeq, toSeq);
    return verifyInWorkers(this.path, fromSeq, to, VERIFY_WORKERS);
  }

  sizeBytes(): number {
    const size = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return size(this.path) + size(`${this.path}-wal`);
  }

  close(): void {
    this.db.close();
  }
}
