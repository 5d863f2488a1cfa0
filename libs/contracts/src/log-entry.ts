import type { AuthEvent, EventKind } from './auth-events';

/** One entry of the append-only log (contract §3). */
export interface LogEntry {
  seq: number;
  event_id: string;
  kind: EventKind;
  host: string;
  boot_id: string;
  occurred_at: string;
  recorded_at: string;
  /** The normalised, redacted event. */
  event: AuthEvent;
  stream_seq: number;
  /** Dotted paths inside the event whose values were replaced by `<redacted>`. */
  redacted: string[];
  /** Hex SHA-256 over the previous entry's hash and this entry's canonical JSON. */
  hash: string;
}

/** What the ingest path hands to the log; seq, hash are assigned on append. */
export type NewLogEntry = Omit<LogEntry, 'seq' | 'hash'>;
