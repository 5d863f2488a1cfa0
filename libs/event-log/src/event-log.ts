import type { LogEntry, NewLogEntry } from '@authtrail/contracts';

/** What one append did: the entries it wrote and the ones it found already in the log. */
export interface AppendResult {
  appended: LogEntry[];
  /**
   * Each appended entry as JSON text, in the same order: its canonical text (which the hash
   * covers) with the hash added, so that publishing an entry needs no second serialisation.
   */
  texts: string[];
  duplicates: NewLogEntry[];
}

/** The append-only, hash-chained log of accepted events (contract §3). */
export interface EventLog {
  /**
   * Appends a batch in one transaction; an event_id already present is skipped, not an error.
   * The same transaction moves the ingest position (handledStreamSeq) to `handledThrough`, the
   * highest stream sequence of the messages the batch stands for (dead-lettered ones included;
   * by default its entries' highest), never backwards. A batch without entries still moves it.
   */
  append(batch: readonly NewLogEntry[], handledThrough?: number): AppendResult;
  /**
   * Appends entries verbatim from another log of the same stream, in one transaction, after
   * checking that each continues the chain; refuses the whole batch otherwise. Moves the ingest
   * position to the last imported stream sequence. Returns the count.
   */
  importEntries(entries: readonly unknown[]): number;
  /**
   * The ingest position: the highest stream sequence handled (appended, a duplicate, or
   * dead-lettered), 0 for an empty log. Kept in the log file, committed with the entries: ingest
   * resumes after it.
   */
  handledStreamSeq(): number;
  /** The last seq written, 0 for an empty log. */
  lastSeq(): number;
  /** The highest JetStream stream sequence written, 0 for an empty log. */
  lastStreamSeq(): number;
  /** The latest occurred_at (ms) of any entry, 0 for an empty log. */
  maxOccurredMs(): number;
  /** The hash of entry `seq` (the genesis hash for 0), undefined when there is none. */
  hashAt(seq: number): string | undefined;
  /** Entries with fromSeq <= seq <= toSeq in order, read lazily. */
  read(fromSeq?: number, toSeq?: number): IterableIterator<LogEntry>;
  close(): void;
}

/** A saved projection state at a log position. */
export interface Snapshot {
  seq: number;
  entryHash: string;
  maxOccurredMs: number;
  state: string;
}

/** Projection snapshots stored beside the log (not part of the hash chain). */
export interface SnapshotStore {
  save(snapshot: Snapshot, createdAt: string): void;
  /**
   * A snapshot written on another thread, its state sent a piece at a time, where the store
   * can (undefined otherwise): the caller writes nothing to the log until `finish` settles.
   */
  streamInBackground?(): {
    add(piece: string): void;
    finish(snapshot: Omit<Snapshot, 'state'>, createdAt: string): Promise<void>;
    abort(): void;
  };
  /** Ends what the store runs in the background. */
  close?(): Promise<void>;
  /** The newest snapshot at or before `seq`. */
  atOrBefore(seq: number): Snapshot | undefined;
  /**
   * Where to fold "every entry that occurred at or before `ms`" from: the newest snapshot whose
   * entries all occurred at or before `ms` (none: start empty), and the seq after which no entry
   * occurred at or before `ms` (none: the end of the log).
   */
  forTime(ms: number): { snapshot?: Snapshot; untilSeq?: number };
}

/** The reads of a snapshot store: where a fold may start from. */
export type SnapshotReads = Pick<SnapshotStore, 'atOrBefore' | 'forTime'>;

/** A saved detection state (docs/detections.md) at a log position: the hash of its entry, its JSON. */
export interface SavedDetections {
  seq: number;
  entryHash: string;
  state: string;
}

/** The detections' saved states, stored beside the log (not part of the hash chain). */
export interface DetectionSnapshotStore {
  save(saved: SavedDetections, createdAt: string): void;
  /** The newest one at or before `seq`. */
  atOrBefore(seq: number): SavedDetections | undefined;
}

/** The outcome of a hash chain check (contract §5 audit.log.verify). */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  first_bad_seq?: number;
  reason?: string;
}
