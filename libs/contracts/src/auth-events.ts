/**
 * The wire events of contract §2, version 1, and `terminate`: the service's record of an
 * administrative termination (auth.terminate_session, docs/contract-notes.md), which the
 * projection ignores.
 */
export const EVENT_KINDS = ['login', 'logout', 'login_failed', 'boot', 'terminate'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const CREDENTIAL_TYPES = [
  'UNIX_SOCKET',
  'ROOT_TCP_SOCKET',
  'LOGIN_PASSWORD',
  'LOGIN_TWOFACTOR',
  'LOGIN_ONETIME_PASSWORD',
  'API_KEY',
  'TOKEN',
  'TRUENAS_NODE',
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const LOGOUT_REASONS = ['LOGOUT', 'DISCONNECT', 'TERMINATED', 'EXPIRED'] as const;
export type LogoutReason = (typeof LOGOUT_REASONS)[number];

/**
 * What came of one request to end a session, as its `terminate` record says:
 * - `TERMINATED`: the host ended it (and published its logout with reason TERMINATED);
 * - `NOT_LIVE`: the projection has no live session of that id on the host, which was not asked;
 * - `NOT_FOUND`: the host said it has no such session;
 * - `FAILED`: the host's handler failed (its message is the record's `error`);
 * - `NO_ANSWER`: no handler of the host answered within the bound (or none listens).
 */
export const TERMINATE_OUTCOMES = [
  'TERMINATED',
  'NOT_LIVE',
  'NOT_FOUND',
  'FAILED',
  'NO_ANSWER',
] as const;
export type TerminateOutcome = (typeof TERMINATE_OUTCOMES)[number];

export const EVENT_VERSION = 1;
/** Largest accepted event payload in bytes. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** `<host>`: the short host name. */
export const HOST_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Value that replaces a secret in `credentials_data`. */
export const REDACTED = '<redacted>';
/**
 * Contract §2: a `credentials_data` key named like this is redacted at any depth (`api_key`
 * holding `{id, name}` excepted). The service keeps less still: only REF §1.3's keys and those
 * the operator declares safe, never one of these.
 */
export const SECRET_KEY_NAME = /password|passwd|secret|token|key|otp/i;

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface EventBase<K extends EventKind> {
  event_id: string;
  kind: K;
  version: 1;
  /** RFC 3339 with `Z` or an offset. */
  occurred_at: string;
  host: string;
  boot_id: string;
}

export interface LoginSession {
  id: string;
  internal: boolean;
  origin: string;
  credentials: CredentialType;
  credentials_data: JsonObject;
}

export interface LoginEvent extends EventBase<'login'> {
  session: LoginSession;
}

export interface LogoutEvent extends EventBase<'logout'> {
  session: { id: string };
  reason: LogoutReason;
}

export interface LoginFailedEvent extends EventBase<'login_failed'> {
  origin: string;
  credentials: CredentialType;
  credentials_data: JsonObject;
  error: string;
}

export type BootEvent = EventBase<'boot'>;

/**
 * The service's record that someone asked to end a session, and what came of it. Published by
 * the service only (NATS permissions keep hosts from it), on `auth.events.<host>.terminate`.
 */
export interface TerminateEvent extends EventBase<'terminate'> {
  session: { id: string };
  /** The id of the command sent to the host (a UUID), also in the host's own logs. */
  request_id: string;
  /** Who asked, as the RPC said (NATS permissions authenticate the caller); null: not said. */
  requested_by: string | null;
  /** The session the request came from, as the RPC said; null: not said. */
  caller_session_id: string | null;
  outcome: TerminateOutcome;
  /** Why it failed (FAILED, NO_ANSWER); null otherwise. */
  error: string | null;
}

export type AuthEvent = LoginEvent | LogoutEvent | LoginFailedEvent | BootEvent | TerminateEvent;
