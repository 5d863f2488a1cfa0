import type Database from 'better-sqlite3';
import type { LogEntry } from '@authtrail/contracts';
import { verifyChain } from './chain-verifier';
import { entryCondition, type EntryCriteria } from './entry-criteria';
import type { DetectionSnapshotStore, SnapshotReads, VerifyResult } from './event-log';
import type { LogReads } from './read-jobs';
import { SqliteDetectionSnapshots } from './sqlite-detection-snapshots';
import { SqliteSnapshots } from './sqlite-snapshots';
import {
  entryHashAt,
  lastEntriesOf,
  selectEntries,
  selectEntryJson,
  type HostLastEntry,
} from './sqlite-entry-query';

/** The log's reads over one read-only connection (a read worker's): what its jobs are given. */
export class SqliteLogReads implements LogReads {
  private snapshotStore?: SqliteSnapshots;
  private detectionStore?: SqliteDetectionSnapshots;

  constructor(private readonly db: Database.Database) {}

  /** Prepared at first use: a job that reads only entries needs no snapshot table. */
  get snapshots(): SnapshotReads {
    return (this.snapshotStore ??= new SqliteSnapshots(this.db));
  }

  get detectionSnapshots(): Pick<DetectionSnapshotStore, 'atOrBefore'> {
    return (this.detectionStore ??= new SqliteDetectionSnapshots(this.db));
  }

  entries(criteria: EntryCriteria, descending = false): Iterable<LogEntry> {
    return selectEntries(this.db, entryCondition(criteria), descending);
  }

  entryTexts(criteria: EntryCriteria): Iterable<string> {
    return selectEntryJson(this.db, entryCondition(criteria));
  }

  hashAt(seq: number): string | undefined {
    return entryHashAt(this.db, seq);
  }

  lastEntries(hosts: readonly string[]): (HostLastEntry | undefined)[] {
    return lastEntriesOf(this.db, hosts);
  }

  verify(fromSeq: number, toSeq: number): VerifyResult {
    return verifyChain(this.db, fromSeq, toSeq);
  }
}
