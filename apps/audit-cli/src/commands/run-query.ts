import { Subjects, type SessionsAtRequest } from '@authtrail/contracts';
import { parseQueryArgs, type ParsedQuery } from '../grammar';
import { renderResult } from '../render';
import type { CliContext } from './cli-context';
import { requireKnownHost, withHostFlag } from './known-hosts';

/** The request fields naming the host and the caller's session, from the CLI context. */
export function callerFields(context: CliContext): { host?: string; caller_session_id?: string } {
  return {
    ...(context.host !== undefined && { host: context.host }),
    ...(context.sessionId !== undefined && { caller_session_id: context.sessionId }),
  };
}

/** The subjects of the query commands: the filter/option language, one reply. */
export type QuerySubject =
  | typeof Subjects.sessions
  | typeof Subjects.sessionsAt
  | typeof Subjects.logQuery
  | typeof Subjects.alerts;

/** What a query command adds to the filters and select list: host, session, point in time. */
export type QueryExtra = Omit<SessionsAtRequest, 'filters' | 'options'>;

/** The request of a query: its filters and select list, plus `extra`. */
function queryRequest(query: ParsedQuery, extra: QueryExtra): SessionsAtRequest {
  return {
    filters: query.filters,
    options: query.select ? { select: query.select } : {},
    ...extra,
  };
}

/**
 * Runs a query command: parses `[<columns>|*] [WHERE <expr>]`, calls `subject` with
 * `{filters, options: {select}}` plus `extra`, lets `check` look at the result (or the error),
 * and prints the result in the context's mode.
 */
export async function runQuery(
  context: CliContext,
  subject: QuerySubject,
  args: string,
  extra: QueryExtra = {},
  check: { error?: (error: unknown) => unknown; result?: (r: unknown) => Promise<void> } = {},
): Promise<void> {
  const query = parseQueryArgs(args);
  let result: unknown;
  try {
    result = await context.rpc.request(subject, queryRequest(query, extra));
  } catch (error) {
    throw check.error ? check.error(error) : error;
  }
  await check.result?.(result);
  context.out(renderResult(result, context.mode, { select: query.select }));
}

/**
 * A query of one host's sessions (`sessions`, `audit at`): `--host` and `--session` go with the
 * request, a missing `--host` is named as the flag, and an empty list for a `--host` the service
 * does not know is an error that lists the known hosts.
 */
export function runSessionsQuery(
  context: CliContext,
  subject: typeof Subjects.sessions | typeof Subjects.sessionsAt,
  args: string,
  extra: QueryExtra = {},
): Promise<void> {
  return runQuery(
    context,
    subject,
    args,
    { ...extra, ...callerFields(context) },
    {
      error: withHostFlag,
      result: async (result) => {
        if (context.host !== undefined && Array.isArray(result) && result.length === 0) {
          await requireKnownHost(context.rpc, context.host);
        }
      },
    },
  );
}
