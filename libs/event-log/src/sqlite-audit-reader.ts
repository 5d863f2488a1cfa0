import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { LogEntry } from '@authtrail/contracts';
import type { VerifyResult } from './event-log';
import { verifyChain } from './chain-verifier';
import { selectEntries, type EntryCondition } from './sqlite-entry-query';

/** Read-side access to the log for audit queries, replay and verification. */
export interface AuditReader {
  select(condition: EntryCondition, descending?: boolean): Generator<LogEntry>;
  verify(fromSeq?: number, toSeq?: number): VerifyResult;
  /** Bytes on disk: the database file and its write-ahead log. */
  sizeBytes(): number;
}

export class SqliteAuditReader implements AuditReader {
  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {}

  select(condition: EntryCondition, descending = false): Generator<LogEntry> {
    return selectEntries(this.db, condition, descending);
  }

  verify(fromSeq?: number, toSeq?: number): VerifyResult {
    return verifyChain(this.db, fromSeq, toSeq);
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
}
