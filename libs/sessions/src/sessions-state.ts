import type { SessionRow } from '@authtrail/contracts';

/** One host's current boot and the sessions opened in it, oldest first. */
export interface HostSessions {
  bootId: string;
  /** Earliest occurred_at (ms) seen for the current boot. */
  bootStartedAt: number;
  /** Boots this host has left; their late events change nothing. */
  endedBoots: Set<string>;
  /** Live sessions by id, in created_at order; rows are never mutated once stored. */
  sessions: Map<string, SessionRow>;
}

/** Events that were logged but changed nothing (contract §4: counted, not errors). */
export interface SessionsCounters {
  duplicateLogins: number;
  unknownLogouts: number;
  staleEvents: number;
  loginFailures: number;
}

/** The projection: per host, the sessions since boot. */
export interface SessionsState {
  hosts: Map<string, HostSessions>;
  /** Log seq of the last entry applied. */
  lastSeq: number;
  /** JetStream stream sequence of the last entry applied. */
  lastStreamSeq: number;
  counters: SessionsCounters;
  /** Log entries per host and kind (the audit.stats counts, checkpointed with the rest). */
  entryCounts: Map<string, Record<string, number>>;
}

export function initialSessionsState(): SessionsState {
  return {
    hosts: new Map(),
    lastSeq: 0,
    lastStreamSeq: 0,
    counters: { duplicateLogins: 0, unknownLogouts: 0, staleEvents: 0, loginFailures: 0 },
    entryCounts: new Map(),
  };
}
