import {
  isBoolean,
  isIn,
  isObject,
  isRFC3339,
  isString,
  isUUID,
  length,
  matches,
} from 'class-validator';
import {
  CREDENTIAL_TYPES,
  HOST_PATTERN,
  LOGOUT_REASONS,
  type EventKind,
  readEventTime,
} from '@authtrail/contracts';

type Plain = Record<string, unknown>;

const session = (value: unknown): value is Plain => isObject(value);
const sessionId = (value: unknown) => isString(value) && length(value, 1, 128);

/**
 * The rules of the event DTOs (auth-event.dto.ts), checked with class-validator's own functions on
 * the parsed object, without building DTO instances. True means the DTOs would accept the event;
 * false means "ask the DTOs", which also word the reasons. A spec keeps the two in step.
 */
export function passesQuickCheck(kind: EventKind, event: Plain): boolean {
  if (
    !isUUID(event.event_id, 'all') ||
    event.version !== 1 ||
    !isRFC3339(event.occurred_at) ||
    !readEventTime(event.occurred_at as string).ok ||
    !matches(event.host as string, HOST_PATTERN) ||
    !isString(event.host) ||
    !isUUID(event.boot_id, 'all')
  ) {
    return false;
  }
  switch (kind) {
    case 'login': {
      const s = event.session;
      return (
        session(s) &&
        sessionId(s.id) &&
        isBoolean(s.internal) &&
        isString(s.origin) &&
        isIn(s.credentials, CREDENTIAL_TYPES) &&
        isObject(s.credentials_data)
      );
    }
    case 'logout':
      return (
        session(event.session) && sessionId(event.session.id) && isIn(event.reason, LOGOUT_REASONS)
      );
    case 'login_failed':
      return (
        isString(event.origin) &&
        isIn(event.credentials, CREDENTIAL_TYPES) &&
        isObject(event.credentials_data) &&
        isString(event.error)
      );
    case 'boot':
      return true;
  }
}
