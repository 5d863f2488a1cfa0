import type { LogEntry, NewLogEntry } from '@authtrail/contracts';

/** What one append did: the entries it wrote and the ones it found already in the log. */
export interface AppendResult {
  appended: LogEntry[];
  duplicates: NewLogEntry[];
}

/** The append-only, hash-chained log of accepted events (contract §3). */
export interface EventLog {
  /** Appends a batch in one transaction; an event_id already present is skipped, not an error. */
  append(batch: readonly NewLogEntry[]): AppendResult;
  /** The last seq written, 0 for an empty log. */
  lastSeq(): number;
  /** The highest JetStream stream sequence written, 0 for an empty log. */
  lastStreamSeq(): number;
  /** Entries with fromSeq <= seq <= toSeq in order, read lazily. */
  read(fromSeq?: number, toSeq?: number): IterableIterator<LogEntry>;
  close(): void;
}
