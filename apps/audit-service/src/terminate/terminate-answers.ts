import { RpcErrorCode, TERMINATE_ALL_FAILED, type RpcErrorBody } from '@authtrail/contracts';
import { failed, type SessionOutcome } from './command-outcome';

/** Lines of failures terminate_other_sessions names; the rest are counted on one more line. */
export const MAX_FAILURE_LINES = 100;

/** One session's outcome in terminate_other_sessions. */
export interface SessionResult {
  sessionId: string;
  result: SessionOutcome;
}

/**
 * terminate_session's answer (REF §2): true when the host ended the session, false when there
 * was none to end (not live here, or unknown to the host); a host that did not answer is a 503
 * naming it, one whose handler failed a 500 with its message. Pure.
 */
export function terminateAnswer(result: SessionOutcome): boolean | RpcErrorBody {
  switch (result.outcome) {
    case 'TERMINATED':
      return true;
    case 'NOT_LIVE':
    case 'NOT_FOUND':
      return false;
    case 'NO_ANSWER':
      return { code: RpcErrorCode.Unavailable, message: result.error };
    case 'FAILED':
      return { code: RpcErrorCode.Internal, message: result.error };
  }
}

/**
 * terminate_other_sessions' failure, if any (REF §2): `Unable to terminate all sessions:` and
 * one line per session that was not ended (`<id>: <why>`), at most MAX_FAILURE_LINES of them;
 * a 503 when the host never answered, else a 500. Sessions already gone are not failures. Pure.
 */
export function othersFailure(results: readonly SessionResult[]): RpcErrorBody | undefined {
  const failures = results.flatMap(({ sessionId, result }) =>
    failed(result) ? [{ sessionId, result }] : [],
  );
  if (failures.length === 0) return undefined;
  const lines = failures
    .slice(0, MAX_FAILURE_LINES)
    .map(({ sessionId, result }) => `${sessionId}: ${result.error}`);
  if (failures.length > MAX_FAILURE_LINES) {
    lines.push(`… and ${failures.length - MAX_FAILURE_LINES} more`);
  }
  const unanswered = failures.every(({ result }) => result.outcome === 'NO_ANSWER');
  return {
    code: unanswered ? RpcErrorCode.Unavailable : RpcErrorCode.Internal,
    message: [TERMINATE_ALL_FAILED, ...lines].join('\n'),
  };
}
