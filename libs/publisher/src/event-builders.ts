import type {
  BootEvent,
  CredentialType,
  JsonObject,
  LoginEvent,
  LoginFailedEvent,
  LogoutEvent,
  LogoutReason,
  TerminateEvent,
  TerminateOutcome,
} from '@authtrail/contracts';
import { uuidv7 } from './uuid-v7';

/** What every event needs besides its kind-specific fields. */
export interface EventOrigin {
  host: string;
  bootId: string;
  /** Defaults to now. */
  occurredAt?: Date;
  /** Defaults to a new UUIDv7. */
  eventId?: string;
}

function envelope(origin: EventOrigin) {
  const at = origin.occurredAt ?? new Date();
  return {
    event_id: origin.eventId ?? uuidv7(at.getTime()),
    version: 1 as const,
    occurred_at: at.toISOString(),
    host: origin.host,
    boot_id: origin.bootId,
  };
}

export interface LoginFields {
  sessionId: string;
  internal: boolean;
  origin: string;
  credentials: CredentialType;
  credentialsData: JsonObject;
}

export function loginEvent(origin: EventOrigin, fields: LoginFields): LoginEvent {
  return {
    ...envelope(origin),
    kind: 'login',
    session: {
      id: fields.sessionId,
      internal: fields.internal,
      origin: fields.origin,
      credentials: fields.credentials,
      credentials_data: fields.credentialsData,
    },
  };
}

export function logoutEvent(
  origin: EventOrigin,
  sessionId: string,
  reason: LogoutReason,
): LogoutEvent {
  return { ...envelope(origin), kind: 'logout', session: { id: sessionId }, reason };
}

export interface LoginFailedFields {
  origin: string;
  credentials: CredentialType;
  credentialsData: JsonObject;
  error: string;
}

export function loginFailedEvent(origin: EventOrigin, fields: LoginFailedFields): LoginFailedEvent {
  return {
    ...envelope(origin),
    kind: 'login_failed',
    origin: fields.origin,
    credentials: fields.credentials,
    credentials_data: fields.credentialsData,
    error: fields.error,
  };
}

export function bootEvent(origin: EventOrigin): BootEvent {
  return { ...envelope(origin), kind: 'boot' };
}

export interface TerminateFields {
  sessionId: string;
  requestId: string;
  requestedBy: string | null;
  callerSessionId: string | null;
  outcome: TerminateOutcome;
  error: string | null;
}

/** The service's record of a request to end a session (a host never publishes it). */
export function terminateEvent(origin: EventOrigin, fields: TerminateFields): TerminateEvent {
  return {
    ...envelope(origin),
    kind: 'terminate',
    session: { id: fields.sessionId },
    request_id: fields.requestId,
    requested_by: fields.requestedBy,
    caller_session_id: fields.callerSessionId,
    outcome: fields.outcome,
    error: fields.error,
  };
}
