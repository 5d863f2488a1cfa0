import { MAX_EVENT_BYTES } from '@authtrail/contracts';
import {
  eventFieldProblems,
  isEventKind,
  MAX_EVENT_NESTING,
  nestsDeeperThan,
} from '@authtrail/event-rules';
import { InvalidEventError } from './invalid-event.error';

export { isEventUuid as isUuid, MAX_EVENT_NESTING } from '@authtrail/event-rules';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What the service would reject in this event (a parsed JSON value), as texts naming the field;
 * empty when it would be accepted. The fields are judged by the service's own rules
 * (@authtrail/event-rules), in its words, so a publisher finds a bad field before sending
 * instead of in the dead-letter stream. Fields beyond the contract's are allowed (the service
 * drops them).
 */
export function eventProblems(value: unknown): string[] {
  if (!isObject(value)) return ['an event must be a JSON object'];
  if (nestsDeeperThan(value, MAX_EVENT_NESTING)) {
    return [`the event nests deeper than ${MAX_EVENT_NESTING} levels`];
  }
  return eventFieldProblems(value);
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
    throw new InvalidEventError(problems, isEventKind(kind) ? `${kind} event` : 'event');
  }
  return data;
}
