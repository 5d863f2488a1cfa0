import {
  MAX_TERMINATE_ERROR,
  type RpcErrorBody,
  type TerminateCommandResult,
} from '@authtrail/contracts';

/** What a host made of one terminate command. */
export type CommandOutcome =
  | { outcome: 'TERMINATED'; streamSeq?: number }
  | { outcome: 'NOT_FOUND' }
  | { outcome: 'FAILED' | 'NO_ANSWER'; error: string };

/** The outcome of one request to end a session: the host's, or NOT_LIVE when it was not asked. */
export type SessionOutcome = CommandOutcome | { outcome: 'NOT_LIVE' };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record's `error` text: at most MAX_TERMINATE_ERROR characters. */
export function errorText(text: string): string {
  return text.length > MAX_TERMINATE_ERROR ? `${text.slice(0, MAX_TERMINATE_ERROR - 1)}…` : text;
}

/**
 * The outcome a host's reply (parsed JSON) stands for: `{"result": {terminated, stream_seq?}}`
 * or `{"error": {message}}`; anything else is a failure that says the reply was not understood.
 * Pure.
 */
export function readCommandReply(host: string, reply: unknown): CommandOutcome {
  if (isRecord(reply) && isRecord(reply.error) && typeof reply.error.message === 'string') {
    const { message } = reply.error as unknown as RpcErrorBody;
    return { outcome: 'FAILED', error: errorText(`host "${host}": ${message}`) };
  }
  const result = isRecord(reply) ? reply.result : undefined;
  if (isRecord(result) && typeof result.terminated === 'boolean') {
    const { terminated, stream_seq: seq } = result as unknown as TerminateCommandResult;
    if (!terminated) return { outcome: 'NOT_FOUND' };
    if (seq === undefined) return { outcome: 'TERMINATED' };
    if (Number.isSafeInteger(seq) && seq >= 1) return { outcome: 'TERMINATED', streamSeq: seq };
  }
  return {
    outcome: 'FAILED',
    error: `host "${host}" answered with something that is not a terminate reply`,
  };
}

/** Whether an outcome is a failure of the request (the host failed, or did not answer). */
export const failed = (
  result: SessionOutcome,
): result is Extract<SessionOutcome, { error: string }> =>
  result.outcome === 'FAILED' || result.outcome === 'NO_ANSWER';
