import { SessionList } from './session-list';

/** One host's current boot and the sessions opened in it, oldest first. */
export interface HostSessions {
  bootId: string;
  /**
   * When the current boot started, for judging an unseen boot_id (see `placementTime`): the
   * placement time of the boot's first entry in log order. Later entries never move it.
   */
  bootStartedAt: number;
  /** Boots this host has left; their late events change nothing. */
  endedBoots: Set<string>;
  /** Live sessions by id, in created_at order; rows are never mutated once stored. */
  sessions: SessionList;
}

/** Events that were logged but changed nothing (contract §4: counted, not errors). */
export interface SessionsCounters {
  duplicateLogins: number;
  unknownLogouts: number;
  staleEvents: number;
  loginFailures: number;
  /** Logins whose logout had come first: logged, no row opened (the logout was an unknown one). */
  loginsAfterLogout: number;
}

/**
 * Logouts of sessions not (yet) open, per host: key `earlyLogoutKey(boot, session)`, in the
 * order seen, at most `EARLY_LOGOUTS_PER_HOST` per host (the oldest forgotten first).
 */
export type EarlyLogouts = Map<string, Set<string>>;

/** The projection: per host, the sessions since boot. */
export interface SessionsState {
  hosts: Map<string, HostSessions>;
  /** Log seq of the last entry applied. */
  lastSeq: number;
  /** JetStream stream sequence of the last entry applied. */
  lastStreamSeq: number;
  counters: SessionsCounters;
  /** Log entries per host and kind (the audit.stats counts, kept in snapshots with the rest). */
  entryCounts: Map<string, Record<string, number>>;
  earlyLogouts: EarlyLogouts;
  /**
   * Per host, the seq of the last entry that changed its non-internal sessions (the `prev_seq`
   * of its next change). Known for every host since seq `changesKnownFrom` (0: since the log
   * began); a host missing from the map has had no change since then.
   */
  lastChangeSeqs: Map<string, number>;
  changesKnownFrom: number;
}

export function newHostSessions(
  bootId: string,
  startedAt: number,
  endedBoots = new Set<string>(),
  sessions = new SessionList(),
): HostSessions {
  return { bootId, bootStartedAt: startedAt, endedBoots, sessions };
}

export function initialSessionsState(): SessionsState {
  return {
    hosts: new Map(),
    lastSeq: 0,
    lastStreamSeq: 0,
    counters: {
      duplicateLogins: 0,
      unknownLogouts: 0,
      staleEvents: 0,
      loginFailures: 0,
      loginsAfterLogout: 0,
    },
    entryCounts: new Map(),
    earlyLogouts: new Map(),
    lastChangeSeqs: new Map(),
    changesKnownFrom: 0,
  };
}
