import { parseQueryArgs } from '../grammar';
import { renderResult } from '../render';
import type { CliContext } from '../shell/cli-context';

/** The request fields naming the host and the caller's session, from the CLI context. */
export function callerFields(context: CliContext): { host?: string; caller_session_id?: string } {
  return {
    ...(context.host !== undefined && { host: context.host }),
    ...(context.sessionId !== undefined && { caller_session_id: context.sessionId }),
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
  const result = await context.rpc.call<unknown>(subject, {
    filters: query.filters,
    options: query.select ? { select: query.select } : {},
    ...extra,
  });
  context.out(renderResult(result, context.mode, { select: query.select }));
}
