import type { DateValue, Filter, QueryOptions } from './sessions-query';

/** The detection rules (docs/detections.md), in the order their alerts are listed. */
export const ALERT_RULES = [
  'brute_force',
  'spraying',
  'distributed',
  'break_in',
  'new_origin',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/**
 * One alert, as `audit.alerts` returns it and `audit.alert.<rule>.<host>` publishes it. `key` is
 * what the rule counts by: an address (`brute_force`, `spraying`, `break_in`) or a username
 * (`distributed`, `new_origin`). Times are `$date` in whole seconds, as every time of a result.
 */
export interface AlertRow {
  /** `<rule>:<seq of the entry that opened it>`: the same on every replica and after restarts. */
  id: string;
  rule: AlertRule;
  host: string;
  key: string;
  /** The address it is about (for `new_origin`, the new one), or null. */
  address: string | null;
  /** The username it is about, or null. */
  username: string | null;
  opened_at: DateValue;
  last_at: DateValue;
  /** null while open; once closed, last_at plus the rule's window. */
  closed_at: DateValue | null;
  /** Entries that made the alert (its seqs list holds at most the first 100 of them). */
  count: number;
  /** Log seqs of the entries that made it, in the order they joined it, the first 100. */
  seqs: number[];
}

/** `audit.alerts`: the filter/option language over alerts. */
export interface AlertsRequest {
  filters?: Filter[];
  options?: QueryOptions;
  /** Read-your-writes: wait until this stream sequence is applied (as `auth.sessions`). */
  after_seq?: number;
}

/** `audit.alerts.at`: exactly one of `at` (RFC 3339) or `seq`, plus filters and options. */
export interface AlertsAtRequest {
  filters?: Filter[];
  options?: QueryOptions;
  at?: string;
  seq?: number;
}

export type AlertsResult = AlertRow[] | Partial<AlertRow>[] | AlertRow | number;
