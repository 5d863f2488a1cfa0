import { parseQueryArgs, type ParsedQuery } from '../grammar';
import { renderResult } from '../render';
import type { CliContext } from '../shell/cli-context';
import { requireKnownHost, withHostFlag } from './known-hosts';

/** The request fields naming the host and the caller's session, from the CLI context. */
export function callerFields(context: CliContext): { host?: string; caller_session_id?: string } {
  return {
    ...(context.host !== undefined && { host: context.host }),
    ...(context.sessionId !== undefined && { caller_session_id: context.sessionId }),
  };
}

/** The request of a query: its filters and select list, plus `extra`. */
function queryRequest(query: ParsedQuery, extra: object): object {
  return {
    filters: query.filters,
    options: query.select ? { select: query.select } : {},
    ...extra,
  };
}

/**
 * Runs a query command: parses `[<columns>|*] [WHERE <expr>]`, calls `subject` with
 * `{filters, options: {select}}` plus `extra`, and prints the result in the context's mode.
 */
export async function runQuery(
  context: CliContext,
  subject: string,
  args: string,
  extra: object = {},
): Promise<void> {
  const query = parseQueryArgs(args);
  const result = await context.rpc.call<unknown>(subject, queryRequest(query, extra));
  context.out(renderResult(result, context.mode, { select: query.select }));
}

/**
 * A query of one host's sessions (`sessions`, `audit at`): `--host` and `--session` go with the
 * request, a missing `--host` is named as the flag, and an empty list for a `--host` the service
 * does not know is an error that lists the known hosts.
 */
export async function runSessionsQuery(
  context: CliContext,
  subject: string,
  args: string,
  extra: object = {},
): Promise<void> {
  const query = parseQueryArgs(args);
  let result: unknown;
  try {
    result = await context.rpc.call<unknown>(
      subject,
      queryRequest(query, { ...extra, ...callerFields(context) }),
    );
  } catch (error) {
    throw withHostFlag(error);
  }
  if (context.host !== undefined && Array.isArray(result) && result.length === 0) {
    await requireKnownHost(context.rpc, context.host);
  }
  context.out(renderResult(result, context.mode, { select: query.select }));
}
