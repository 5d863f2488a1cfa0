import {
  HOST_PATTERN,
  MAX_EVENT_BYTES,
  parseEventSubject,
  type AuthEvent,
  type EventKind,
  storedEventTime,
} from '@authtrail/contracts';
import {
  eventFieldProblems,
  isEventKind,
  MAX_EVENT_NESTING,
  nestsDeeperThan,
  type LoginEventDto,
  type LoginFailedEventDto,
  type LogoutEventDto,
  type TerminateEventDto,
} from '@authtrail/event-rules';
import { redactCredentials } from './redact-secrets';

export type ValidatedEvent =
  | { ok: true; event: AuthEvent; redacted: string[] }
  | { ok: false; reasons: string[]; host?: string };

export interface ValidateOptions {
  /** credentials_data keys the operator declared safe to keep (AUTHTRAIL_SAFE_CREDENTIAL_KEYS). */
  safeCredentialKeys?: ReadonlySet<string>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Only the contract's fields, secrets redacted: what the log stores. Members are created in key
 * order, so the log's canonical JSON of the event needs no sorted copy of it. UUIDs are stored in
 * lower case (they are not case-sensitive: one id, one entry), a leap second as second 59.
 */
function normalise(
  kind: EventKind,
  dto: Record<string, unknown>,
  safeKeys: ReadonlySet<string>,
): { event: AuthEvent; redacted: string[] } {
  const boot_id = (dto.boot_id as string).toLowerCase();
  const event_id = (dto.event_id as string).toLowerCase();
  const host = dto.host as string;
  const occurred_at = storedEventTime(dto.occurred_at as string); // checked by the rules
  const version = 1 as const;
  switch (kind) {
    case 'login': {
      const { session } = dto as unknown as LoginEventDto;
      const { value, paths } = redactCredentials(
        session.credentials_data,
        'session.credentials_data',
        safeKeys,
      );
      const event = {
        boot_id,
        event_id,
        host,
        kind,
        occurred_at,
        session: {
          credentials: session.credentials,
          credentials_data: value,
          id: session.id,
          internal: session.internal,
          origin: session.origin,
        },
        version,
      };
      return { event, redacted: paths };
    }
    case 'logout': {
      const logout = dto as unknown as LogoutEventDto;
      return {
        event: {
          boot_id,
          event_id,
          host,
          kind,
          occurred_at,
          reason: logout.reason,
          session: { id: logout.session.id },
          version,
        },
        redacted: [],
      };
    }
    case 'login_failed': {
      const failed = dto as unknown as LoginFailedEventDto;
      const { value, paths } = redactCredentials(
        failed.credentials_data,
        'credentials_data',
        safeKeys,
      );
      const event = {
        boot_id,
        credentials: failed.credentials,
        credentials_data: value,
        error: failed.error,
        event_id,
        host,
        kind,
        occurred_at,
        origin: failed.origin,
        version,
      };
      return { event, redacted: paths };
    }
    case 'boot':
      return { event: { boot_id, event_id, host, kind, occurred_at, version }, redacted: [] };
    case 'terminate': {
      const record = dto as unknown as TerminateEventDto;
      return {
        event: {
          boot_id,
          caller_session_id: record.caller_session_id,
          error: record.error,
          event_id,
          host,
          kind,
          occurred_at,
          outcome: record.outcome,
          request_id: record.request_id.toLowerCase(),
          requested_by: record.requested_by,
          session: { id: record.session.id },
          version,
        },
        redacted: [],
      };
    }
  }
}

/**
 * How many `{` and `[` bytes the payload holds (inside strings too): an upper bound of its nesting
 * depth, so the walk of nestsDeeperThan is needed only for payloads with more than the limit.
 */
function openingBrackets(data: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0x7b || data[i] === 0x5b) count++;
  return count;
}

/**
 * Checks one raw message against contract §2: size, subject, UTF-8, JSON, schema, and that the
 * subject agrees with the payload. Never throws; a failure lists every reason found.
 */
export function validateEvent(
  subject: string,
  data: Uint8Array,
  options: ValidateOptions = {},
): ValidatedEvent {
  try {
    return check(subject, data, options.safeCredentialKeys ?? NO_KEYS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      host: parseEventSubject(subject)?.host,
      reasons: [`could not be validated: ${reason}`],
    };
  }
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * JSON.parse's message without the excerpt of the text it quotes (`Unexpected token 'p',
 * "password=…" is not valid JSON`): a reason is logged and dead-lettered, the payload is not.
 */
function jsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Unexpected token .*? is not valid JSON$/s, 'unexpected token');
}

function check(subject: string, data: Uint8Array, safeKeys: ReadonlySet<string>): ValidatedEvent {
  const route = parseEventSubject(subject);
  const subjectHost = route?.host;
  if (data.length > MAX_EVENT_BYTES) {
    return {
      ok: false,
      host: subjectHost,
      reasons: [`payload is ${data.length} bytes, over the ${MAX_EVENT_BYTES}-byte limit`],
    };
  }
  if (!route) {
    return { ok: false, reasons: [`subject "${subject}" is not auth.events.<host>.<kind>`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch (error) {
    return {
      ok: false,
      host: subjectHost,
      reasons: [`payload is not JSON text: ${jsonError(error)}`],
    };
  }
  if (!isRecord(parsed)) {
    return { ok: false, host: subjectHost, reasons: ['payload must be a JSON object'] };
  }
  if (openingBrackets(data) > MAX_EVENT_NESTING && nestsDeeperThan(parsed, MAX_EVENT_NESTING)) {
    return {
      ok: false,
      host: subjectHost,
      reasons: [`payload nests deeper than ${MAX_EVENT_NESTING} levels`],
    };
  }
  const reasons = eventFieldProblems(parsed);
  const kind = parsed.kind;
  // An unknown kind is the one reason given: the rest of the event cannot be read without it.
  if (!isEventKind(kind)) return { ok: false, host: subjectHost, reasons };
  if (parsed.host !== route.host) {
    // The payload's host is quoted only when it is a host name (it could be anything).
    const named = typeof parsed.host === 'string' && HOST_PATTERN.test(parsed.host);
    reasons.push(
      named
        ? `subject host "${route.host}" differs from payload host "${String(parsed.host)}"`
        : `subject host "${route.host}" differs from payload host (not a host name)`,
    );
  }
  if (kind !== route.kind)
    reasons.push(`subject kind "${route.kind}" differs from payload kind "${kind}"`);
  if (reasons.length > 0) return { ok: false, host: subjectHost, reasons };
  return { ok: true, ...normalise(kind, parsed, safeKeys) };
}
