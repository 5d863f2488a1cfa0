import type { AuthEvent } from '@authtrail/contracts';
import { toLogEntry } from '../fixtures/log-entries';
import {
  activeSessions,
  evolve,
  initialSessionsState,
  type SessionsState,
} from '@authtrail/sessions';

/** The projection from scratch: every event, in the order given, with no checkpoints. */
export function naiveFold(events: readonly AuthEvent[]): SessionsState {
  const state = initialSessionsState();
  events.forEach((event, index) => evolve(state, toLogEntry(event, index + 1)));
  return state;
}

/** The rows `auth.sessions` would give for `host` from that state (no caller). */
export function rowsOf(state: SessionsState, host: string): unknown[] {
  return [...activeSessions(state, host)];
}
