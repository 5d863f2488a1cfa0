import type { SessionRow } from './sessions-query';

/** The collection name TrueNAS's event carries (REF §1.5). */
export const SESSIONS_COLLECTION = 'auth.sessions';

/**
 * Reply header of `auth.sessions` (and `auth.sessions.<field>`): the log seq of the last entry
 * the projection had applied when the query began. The body stays TrueNAS's.
 */
export const LOG_SEQ_HEADER = 'Authtrail-Log-Seq';

/** An ADDED's `fields`: `id` plus the session's dump (REF §1.5): no `current`, no `internal`. */
export type SessionAddedFields = Omit<SessionRow, 'current' | 'internal'>;

/** What every change carries besides TrueNAS's keys. */
interface SessionChangePosition {
  /** The host whose projection changed (the subject's last token). */
  host: string;
  /** Log seq of the entry that caused the change. */
  seq: number;
  /** Place of this change among those of entry `seq` (0, then 1, 2 … for a boot's REMOVEDs). */
  index: number;
  /** How many changes entry `seq` made to the host's sessions. */
  count: number;
  /**
   * Seq of the host's previous entry that changed its sessions (0: none since the log began);
   * absent when the service does not know (its projection was loaded from a snapshot older than
   * this field and the host has not changed since). A follower that has not seen it reads again.
   */
  prev_seq?: number;
}

export interface SessionAdded extends SessionChangePosition {
  msg: 'added';
  collection: typeof SESSIONS_COLLECTION;
  fields: SessionAddedFields;
}

export interface SessionRemoved extends SessionChangePosition {
  msg: 'removed';
  collection: typeof SESSIONS_COLLECTION;
  fields: { id: string };
}

/** One change of a host's sessions, on `auth.sessions.changed.<host>`. */
export type SessionsChanged = SessionAdded | SessionRemoved;
