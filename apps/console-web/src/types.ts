/** What the console's endpoints answer (docs/contract-notes.md, Console). */

export interface DateValue {
  $date: number;
}

export interface SessionRow {
  id: string;
  current: boolean;
  internal: boolean;
  origin: string;
  credentials: string;
  credentials_data: Record<string, unknown>;
  created_at: DateValue;
}

export interface HostRow {
  host: string;
  live_sessions: number;
  boot_id: string | null;
  boot_since: DateValue | null;
  entries: number;
  last_change_seq: number;
  last_change: { seq: number; kind: string; occurred_at: DateValue } | null;
  /** The host's newest entry of any kind (by occurred time). */
  last_event: { seq: number; kind: string; occurred_at: DateValue } | null;
  open_alerts: number;
}

export interface Page<T> {
  total: number;
  offset: number;
  rows: T[];
}

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
  event: Record<string, unknown>;
  hash: string;
}

export interface Change {
  msg: 'added' | 'removed';
  fields: Partial<SessionRow> & { id: string };
  seq: number;
}

export interface Checkpoint {
  note: string;
  size: number;
  root: string;
}

export interface Me {
  origin: string;
  verifier_key: string;
}

export interface AlertRow {
  id: string;
  rule: string;
  host: string;
  key: string;
  address: string | null;
  username: string | null;
  opened_at: DateValue;
  last_at: DateValue;
  closed_at: DateValue | null;
  count: number;
  seqs: number[];
}

export interface AlertNews {
  change: 'opened' | 'closed';
  id: string;
  rule: string;
  host: string;
}
