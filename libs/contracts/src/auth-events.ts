/** The wire events of contract §2, version 1. */
export const EVENT_KINDS = ['login', 'logout', 'login_failed', 'boot'] as const;
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

export type AuthEvent = LoginEvent | LogoutEvent | LoginFailedEvent | BootEvent;
