import type { DateValue, Filter, QueryOptions, SessionsRequest } from './sessions-query';
import type { LogEntry } from './log-entry';

/** `audit.log.query`: the filter/option language over log entries. */
export interface LogQueryRequest {
  filters?: Filter[];
  options?: QueryOptions;
}

/**
 * A log entry as `audit.log.query` returns it: the fields of contract §3 with times as `$date`
 * (whole seconds), plus `session.id`, `origin` and `credentials_data.username` lifted from the event
 * where it has them, so that they can be filtered on directly.
 */
export interface LogEntryView {
  seq: number;
  event_id: string;
  kind: string;
  host: string;
  boot_id: string;
  occurred_at: DateValue;
  recorded_at: DateValue;
  session?: { id: string };
  origin?: string;
  credentials_data?: { username?: unknown };
  event: LogEntry['event'];
  stream_seq: number;
  redacted: string[];
  hash: string;
}

/** `audit.log.query`'s result: entries (whole, or the selected fields), one with `get`, a count. */
export type LogQueryResult = LogEntryView[] | Partial<LogEntryView>[] | LogEntryView | number;

/** `audit.log.verify` */
export interface VerifyRequest {
  from_seq?: number;
  to_seq?: number;
  /** Also give the Merkle tree's root at this size (1 to the last seq). */
  root_at?: number;
}

export interface VerifyReply {
  ok: boolean;
  checked: number;
  first_bad_seq?: number;
  reason?: string;
  /** The root of the tree of size `root_at` (base64), when asked and the range verified. */
  root?: string;
}

/** `audit.sessions.at`: exactly one of `at` (RFC 3339) or `seq`, plus the `auth.sessions` fields. */
export interface SessionsAtRequest extends Omit<SessionsRequest, 'after_seq'> {
  at?: string;
  seq?: number;
}

/**
 * `audit.replay`: entries in log order, as stored (contract §3), in several reply messages of
 * `{"result": LogEntry[]}`, closed by an empty message. An error is one `{"error": ...}` message,
 * then the empty message.
 */
export interface ReplayRequest {
  from_seq?: number;
  to_seq?: number;
  filters?: Filter[];
}

export type ReplayChunk = LogEntry[];

/** `audit.stats`: `{}`, or `options` to page the per-host part. */
export interface StatsRequest {
  options?: { limit?: number; offset?: number };
}

/** `audit.stats` */
export interface StatsReply {
  last_seq: number;
  last_stream_seq: number;
  log_bytes: number;
  entries: number;
  per_kind: Record<string, number>;
  per_host: Record<string, Record<string, number>>;
  live_sessions: Record<string, number>;
  ignored: {
    duplicate_logins: number;
    unknown_logouts: number;
    stale_events: number;
    /** Logins whose logout was logged before them (the session opened and ended at once). */
    logins_after_logout: number;
  };
  consumer: { name: string; pending: number; ack_pending: number; redelivered: number } | null;
  dead_letters: number | null;
  snapshot_seq: number;
  /** false while batches fail to commit (e.g. disk full) or NATS is unreachable. */
  healthy: boolean;
  ingest: { failing: boolean; since?: string; last_error?: string };
  memory: { rss_bytes: number; heap_used_bytes: number };
  /** Open alerts, in all and per rule (docs/detections.md). */
  alerts?: { open: number; open_per_rule: Record<string, number> };
  /**
   * Only when the request gave `options`: where this page of `per_host` and `live_sessions` is,
   * in all `hosts` sorted by name (`limit` null: to the end).
   */
  page?: { offset: number; limit: number | null; hosts: number };
}
