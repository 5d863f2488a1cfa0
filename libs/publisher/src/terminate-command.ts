import { MAX_REQUESTED_BY, type TerminateCommand } from '@authtrail/contracts';
import { isEventUuid } from '@authtrail/event-rules';

/** A command to end a session, as the handler receives it. */
export interface TerminateRequest {
  /** The command's id (a UUID): the service's `terminate` record carries it too. */
  requestId: string;
  sessionId: string;
  /** Who asked, as the service was told (NATS permissions authenticate the caller). */
  requestedBy?: string;
}

const KEYS = ['request_id', 'session_id', 'requested_by'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a `terminate` command (a parsed JSON value, contract's TerminateCommand): the request,
 * or every problem found, naming the member. Pure; never throws.
 */
export function readTerminateCommand(
  value: unknown,
): { ok: true; request: TerminateRequest } | { ok: false; problems: string[] } {
  if (!isRecord(value)) return { ok: false, problems: ['the command must be a JSON object'] };
  const command = value as Partial<Record<keyof TerminateCommand, unknown>>;
  const problems = Object.keys(value)
    .filter((key) => !KEYS.includes(key))
    .map((key) => `${key}: Extra inputs are not permitted`);
  const { request_id: requestId, session_id: sessionId, requested_by: requestedBy } = command;
  if (typeof requestId !== 'string' || !isEventUuid(requestId)) {
    problems.push('request_id must be a UUID');
  }
  if (typeof sessionId !== 'string' || sessionId.length < 1 || sessionId.length > 128) {
    problems.push('session_id must be a string of 1 to 128 characters');
  }
  if (
    requestedBy !== undefined &&
    (typeof requestedBy !== 'string' ||
      requestedBy.length < 1 ||
      requestedBy.length > MAX_REQUESTED_BY)
  ) {
    problems.push(`requested_by must be a string of 1 to ${MAX_REQUESTED_BY} characters`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      requestId: requestId as string,
      sessionId: sessionId as string,
      ...(requestedBy !== undefined && { requestedBy: requestedBy as string }),
    },
  };
}
