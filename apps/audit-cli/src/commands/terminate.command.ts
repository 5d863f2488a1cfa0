import { userInfo } from 'node:os';
import {
  Subjects,
  type TerminateOtherSessionsRequest,
  type TerminateSessionRequest,
} from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';
import { parseCallArgs, QuerySyntaxError, type CallArgs } from '../grammar';
import { renderResult } from '../render';
import type { CliContext } from './cli-context';
import { requireKnownHost, withHostFlag } from './known-hosts';

/**
 * How long the CLI waits for a terminate answer: the service waits up to its bound for the host
 * (AUTHTRAIL_TERMINATE_TIMEOUT_MS, 5 s) and then for the log, once per host for the others.
 */
export const TERMINATE_TIMEOUT_MS = 60_000;

const usage = (message: string) => new CliError(message, EXIT_USAGE);

/** The command's arguments in midcli's syntax; a parse error is bad usage (exit 2). */
function callArgs(args: string): CallArgs {
  try {
    return parseCallArgs(args);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw usage(error.format());
    throw error;
  }
}

/** Who runs the CLI, recorded with the request (NATS permissions are what authenticate it). */
function requestedBy(): { requested_by?: string } {
  try {
    const name = userInfo().username;
    return name ? { requested_by: name.slice(0, 256) } : {};
  } catch {
    return {};
  }
}

async function call<
  S extends typeof Subjects.terminateSession | typeof Subjects.terminateOtherSessions,
>(
  context: CliContext,
  subject: S,
  body: S extends typeof Subjects.terminateSession
    ? TerminateSessionRequest
    : TerminateOtherSessionsRequest,
): Promise<boolean> {
  try {
    return await context.rpc.request(subject, body, TERMINATE_TIMEOUT_MS);
  } catch (error) {
    throw withHostFlag(error);
  }
}

/** `terminate_session "<id>"` or `terminate_session id="<id>"`: auth.terminate_session. */
export async function terminateSessionCommand(args: string, context: CliContext): Promise<void> {
  const { args: values, kwargs } = callArgs(args);
  const unknown = [...kwargs.keys()].filter((name) => name !== 'id');
  if (unknown.length > 0) {
    throw usage(`terminate_session: unknown argument ${unknown.join(', ')} (it takes id)`);
  }
  const given = [...values, ...(kwargs.has('id') ? [kwargs.get('id')] : [])];
  if (given.length !== 1) {
    throw usage(
      given.length === 0
        ? 'terminate_session: give the session id, e.g. terminate_session "5c0f9f3e-…"'
        : 'terminate_session: it takes one session id',
    );
  }
  const result = await call(context, Subjects.terminateSession, {
    // A value of another type goes to the service, which names it (as TrueNAS' middleware does).
    id: given[0] as string,
    ...(context.host !== undefined && { host: context.host }),
    ...(context.sessionId !== undefined && { caller_session_id: context.sessionId }),
    ...requestedBy(),
  });
  if (!result && context.host !== undefined) await requireKnownHost(context.rpc, context.host);
  context.out(renderResult(result, context.mode));
}

/** `terminate_other_sessions`: every session of the host but yours (--session) and internal ones. */
export async function terminateOtherSessionsCommand(
  args: string,
  context: CliContext,
): Promise<void> {
  const { args: values, kwargs } = callArgs(args);
  if (values.length > 0 || kwargs.size > 0) {
    throw usage('terminate_other_sessions: it takes no arguments');
  }
  if (context.sessionId === undefined) {
    throw usage(
      'terminate_other_sessions: give your own session with --session <id> (or AUTHTRAIL_SESSION)',
    );
  }
  const result = await call(context, Subjects.terminateOtherSessions, {
    caller_session_id: context.sessionId,
    ...(context.host !== undefined && { host: context.host }),
    ...requestedBy(),
  });
  context.out(renderResult(result, context.mode));
}

export const TERMINATE_SESSION_MANUAL = `Terminates session \`id\`.

The host's command handler ends the session and logs its logout (reason
TERMINATED); prints true once that logout is in the audit log and the session
is gone from "sessions", false when no live session has that id. Who asked and
what came of it are recorded in the audit log (kind terminate). A host whose
handler does not answer in time is an error naming it.

Usage: terminate_session "<id>"
       terminate_session id="<id>"

The id must be quoted: a bare hyphenated UUID does not parse.

Examples:
  terminate_session "5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10"
  terminate_session id="5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10"`;

export const TERMINATE_OTHER_SESSIONS_MANUAL = `Terminates all other sessions (except the current one).

Ends every live session of the host except yours (--session, or
AUTHTRAIL_SESSION) and the internal ones, and prints true. Sessions that could
not be ended are listed after "Unable to terminate all sessions:".

Usage: terminate_other_sessions

Examples:
  terminate_other_sessions`;
