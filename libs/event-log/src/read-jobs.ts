import type { LogEntry } from '@authtrail/contracts';
import type { EntryCriteria } from './entry-criteria';
import type { HostLastEntry } from './sqlite-entry-query';
import type { DetectionSnapshotStore, SnapshotReads, VerifyResult } from './event-log';

/** What a read job may read of the log: each read named for what it gives, never SQL. */
export interface LogReads {
  /** The entries that meet `criteria`, read lazily in seq order (or reversed). */
  entries(criteria: EntryCriteria, descending?: boolean): Iterable<LogEntry>;
  /**
   * The entries that meet `criteria` as JSON texts, in seq order: contract §3 key order, spliced
   * from the stored texts (no parse, no re-serialisation).
   */
  entryTexts(criteria: EntryCriteria): Iterable<string>;
  /** The hash of entry `seq` (the genesis hash for 0), undefined when there is none. */
  hashAt(seq: number): string | undefined;
  /** Each host's newest entry by occurred time (undefined for a host without entries). */
  lastEntries(hosts: readonly string[]): (HostLastEntry | undefined)[];
  /** The projection snapshots stored beside the entries. */
  readonly snapshots: SnapshotReads;
  /** The detections' saved states stored beside the entries. */
  readonly detectionSnapshots: Pick<DetectionSnapshotStore, 'atOrBefore'>;
  /** Checks the chain over [fromSeq, toSeq]. */
  verify(fromSeq: number, toSeq: number): VerifyResult;
}

/**
 * A job a read worker runs: synchronous work over the worker's own read-only connection to the
 * log file. Its result is sent back by structured clone.
 */
export type ReadJob = (reads: LogReads, payload: never) => unknown;

/** What a job module exports: its jobs by name. */
export type ReadJobs = Record<string, ReadJob>;

/** A job to run: the module that defines it (a path require resolves), its name, its input. */
export interface ReadJobRequest {
  module: string;
  name: string;
  payload: unknown;
}
