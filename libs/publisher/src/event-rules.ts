import {
  CREDENTIAL_TYPES,
  EVENT_KINDS,
  HOST_PATTERN,
  LOGOUT_REASONS,
  MAX_EVENT_BYTES,
  readEventTime,
} from '@authtrail/contracts';
import { InvalidEventError } from './invalid-event.error';

/**
 * The checks the service makes on an event's payload (contract §2), so that a publisher finds a
 * bad field before sending instead of in the dead-letter stream. They follow the service's DTO
 * rules: a UUID of any version (or the nil/max UUID, any letter case), an RFC 3339 time of a real
 * calendar date (a leap second only at the end of a month), a session id of 1-128 characters (a
 * character followed by a variation selector counts once).
 */
const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;
const RFC3339 =
  /^[0-9]{4}-(0[1-9]|1[0-2])-([12]\d|0[1-9]|3[01])[ tT]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([zZ]|[-+]([01][0-9]|2[0-3]):[0-5][0-9])$/;
/** Deepest object/array nesting the service accepts. */
export const MAX_EVENT_NESTING = 32;

type Plain = Record<string, unknown>;

const isObject = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A UUID as the service accepts it. */
export const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID.test(value);
const oneOf = (values: readonly string[]) => `one of ${values.join(', ')}`;

/** Length as the service counts it: code points, a variation selector adding nothing. */
export function textLength(text: string): number {
  const selectors = text.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g)?.length ?? 0;
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return text.length - selectors - pairs;
}

function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

function envelopeProblems(event: Plain): string[] {
  const problems: string[] = [];
  if (!isUuid(event.event_id)) problems.push('event_id must be a UUID');
  if (event.version !== 1) problems.push('version must be 1');
  if (typeof event.occurred_at !== 'string' || !RFC3339.test(event.occurred_at)) {
    problems.push('occurred_at must be an RFC 3339 time, e.g. 2023-07-25T17:54:49Z');
  } else {
    const time = readEventTime(event.occurred_at);
    if (!time.ok) problems.push(`occurred_at ${time.problem}`);
  }
  if (typeof event.host !== 'string' || !HOST_PATTERN.test(event.host)) {
    problems.push('host must be 1-64 of [A-Za-z0-9_-]');
  }
  if (!isUuid(event.boot_id)) problems.push('boot_id must be a UUID');
  return problems;
}

function sessionIdProblems(session: Plain): string[] {
  return typeof session.id === 'string' &&
    textLength(session.id) >= 1 &&
    textLength(session.id) <= 128
    ? []
    : ['session.id must be a string of 1-128 characters'];
}

function credentialProblems(holder: Plain, prefix: string): string[] {
  const problems: string[] = [];
  if (typeof holder.origin !== 'string') problems.push(`${prefix}origin must be a string`);
  if (!(CREDENTIAL_TYPES as readonly unknown[]).includes(holder.credentials)) {
    problems.push(`${prefix}credentials must be ${oneOf(CREDENTIAL_TYPES)}`);
  }
  if (!isObject(holder.credentials_data)) {
    problems.push(`${prefix}credentials_data must be an object`);
  }
  return problems;
}

function kindProblems(event: Plain): string[] {
  switch (event.kind) {
    case 'login': {
      const session = event.session;
      if (!isObject(session)) return ['session must be an object'];
      const problems = sessionIdProblems(session);
      if (typeof session.internal !== 'boolean')
        problems.push('session.internal must be a boolean');
      return [...problems, ...credentialProblems(session, 'session.')];
    }
    case 'logout': {
      const problems = isObject(event.session)
        ? sessionIdProblems(event.session)
        : ['session must be an object'];
      if (!(LOGOUT_REASONS as readonly unknown[]).includes(event.reason)) {
        problems.push(`reason must be ${oneOf(LOGOUT_REASONS)}`);
      }
      return problems;
    }
    case 'login_failed': {
      const problems = credentialProblems(event, '');
      if (typeof event.error !== 'string') problems.push('error must be a string');
      return problems;
    }
    case 'boot':
      return [];
    default:
      return [`kind must be ${oneOf(EVENT_KINDS)}`];
  }
}

/**
 * What the service would reject in this event (a parsed JSON value), as texts naming the field;
 * empty when it would be accepted. Fields beyond the contract's are allowed (the service drops
 * them).
 */
export function eventProblems(value: unknown): string[] {
  if (!isObject(value)) return ['an event must be a JSON object'];
  if (nestsDeeperThan(value, MAX_EVENT_NESTING)) {
    return [`the event nests deeper than ${MAX_EVENT_NESTING} levels`];
  }
  return [...envelopeProblems(value), ...kindProblems(value)];
}

/** The payload's size rule: at most MAX_EVENT_BYTES of UTF-8 JSON. */
export function sizeProblems(data: Uint8Array): string[] {
  return data.length > MAX_EVENT_BYTES
    ? [`the event is ${data.length} bytes as JSON, over the ${MAX_EVENT_BYTES}-byte limit`]
    : [];
}

const encoder = new TextEncoder();

/**
 * The event as the UTF-8 JSON text the service receives, after checking that text (so `undefined`
 * fields, Dates and the like are checked as they arrive). Throws InvalidEventError otherwise.
 */
export function encodeValidEvent(event: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(event);
  } catch (error) {
    throw new InvalidEventError([`not JSON-serialisable: ${(error as Error).message}`]);
  }
  if (text === undefined) throw new InvalidEventError(['an event must be a JSON object']);
  const data = encoder.encode(text);
  const problems = [...eventProblems(JSON.parse(text)), ...sizeProblems(data)];
  if (problems.length > 0) {
    const kind = (event as { kind?: unknown }).kind;
    const known = (EVENT_KINDS as readonly unknown[]).includes(kind);
    throw new InvalidEventError(problems, known ? `${String(kind)} event` : 'event');
  }
  return data;
}
