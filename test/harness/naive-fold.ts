import type { AuthEvent, LogEntry } from '@authtrail/contracts';
import {
  activeSessions,
  evolve,
  initialSessionsState,
  type SessionsState,
} from '@authtrail/sessions';

/** The projection from scratch: every event, in the order given, with no checkpoints. */
export function naiveFold(events: readonly AuthEvent[]): SessionsState {
  const state = initialSessionsState();
  events.forEach((event, index) => {
    const entry: LogEntry = {
      seq: index + 1,
      event_id: event.event_id,
      kind: event.kind,
      host: event.host,
      boot_id: event.boot_id,
      occurred_at: event.occurred_at,
      recorded_at: event.occurred_at,
      event,
      stream_seq: index + 1,
      redacted: [],
      hash: '',
    };
    evolve(state, entry);
  });
  return state;
}

/** The rows `auth.sessions` would give for `host` from that state (no caller). */
export function rowsOf(state: SessionsState, host: string): unknown[] {
  return [...activeSessions(state, host)];
}
