import type { AuthEvent } from '@authtrail/contracts';
import { toLogEntry } from '../fixtures/log-entries';
import {
  activeSessions,
  evolve,
  initialSessionsState,
  type SessionsState,
} from '@authtrail/sessions';

/**
 * The projection from scratch: every event, in the order given, with no snapshots. Each entry
 * is recorded as JetStream records what a test publishes: now, in publishing order (one
 * millisecond apart), not at the time the event claims; the boot rules read both times.
 */
export function naiveFold(events: readonly AuthEvent[], recordedFrom = Date.now()): SessionsState {
  const state = initialSessionsState();
  events.forEach((event, index) =>
    evolve(state, {
      ...toLogEntry(event, index + 1),
      recorded_at: new Date(recordedFrom + index).toISOString(),
    }),
  );
  return state;
}

/** The rows `auth.sessions` would give for `host` from that state (no caller). */
export function rowsOf(state: SessionsState, host: string): unknown[] {
  return [...activeSessions(state, host)];
}
