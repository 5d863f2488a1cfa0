import {
  addedChange,
  RpcReplyError,
  watchSessions,
  type SessionsUpdate,
} from '@authtrail/audit-client';
import { Subjects, type SessionRow } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';
import { parseQueryArgs } from '../grammar';
import { renderResult } from '../render';
import type { CliContext } from './cli-context';
import { stdoutLines } from './json-lines';
import { LISTED_HOSTS } from './known-hosts';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
/** Clears a terminal and puts the cursor at its top left. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** `--follow` as the first or last word of a sessions command line, and the rest of the line. */
export function takeFollowFlag(args: string): { rest: string; follow: boolean } {
  const match = /^\s*--follow(?:\s+|$)|\s+--follow\s*$/.exec(args);
  if (!match) return { rest: args, follow: false };
  return {
    rest: args.slice(0, match.index) + args.slice(match.index + match[0].length),
    follow: true,
  };
}

/** The lines of an update when not on a TTY: the rows as ADDEDs at their seq, or the change. */
export function updateLines(update: SessionsUpdate): string[] {
  if (update.type === 'rows') {
    const count = update.rows.length;
    return update.rows.map(
      (row, i) => `${JSON.stringify(addedChange(update.host, update.seq, i, count, row))}\n`,
    );
  }
  const line =
    update.resync === undefined ? update.change : { ...update.change, resync: update.resync };
  return [`${JSON.stringify(line)}\n`];
}

/** The host to follow: `--host`, or the only host the service knows. */
async function hostToFollow(context: CliContext): Promise<string> {
  if (context.host !== undefined) return context.host;
  const stats = await context.rpc.request(Subjects.stats, {});
  const known = Object.keys(stats.live_sessions ?? {}).sort();
  if (known.length === 1) return known[0];
  const more = known.length > LISTED_HOSTS ? ` and ${known.length - LISTED_HOSTS} more` : '';
  const hint =
    known.length === 0
      ? 'no host is known yet'
      : `known hosts: ${known.slice(0, LISTED_HOSTS).join(', ')}${more}`;
  throw new CliError(`sessions --follow: name the host with --host (${hint})`, EXIT_USAGE);
}

function draw(
  rows: SessionRow[],
  seq: number,
  host: string,
  context: CliContext,
  select?: string[],
) {
  const marked = rows.map((row) =>
    row.id === context.sessionId ? { ...row, current: true } : row,
  );
  const table = renderResult(marked, context.mode, { select });
  process.stdout.write(
    `${CLEAR_SCREEN}${table}\n${host}: ${rows.length} session(s) at log seq ${seq} (Ctrl-C to stop)\n`,
  );
}

/**
 * `sessions [<columns>|*] --follow`: a host's non-internal sessions, kept up to date from
 * `auth.sessions.changed.<host>` (libs/audit-client watchSessions). On a TTY the table is drawn
 * again after each change (once the changes waiting are taken); otherwise each change is a JSON
 * line, after one ADDED line per session at the start. Ends on SIGINT or SIGTERM, on end of input
 * on a TTY (Ctrl-D), or when the reader of the output goes away.
 */
export async function followSessions(args: string, context: CliContext): Promise<void> {
  const query = parseQueryArgs(args);
  if (query.filters.length > 0) {
    throw new CliError('sessions --follow: WHERE cannot be used with --follow', EXIT_USAGE);
  }
  context.rpc.keepReconnecting((line) => process.stderr.write(`sessions --follow: ${line}\n`));
  const host = await hostToFollow(context);
  const nc = await context.rpc.nats();
  const watch = await watchSessions(nc, host, {
    onResync: (reason, error) =>
      process.stderr.write(
        error
          ? `sessions --follow: reading the sessions again failed (${error.message}); retrying\n`
          : `sessions --follow: reading the sessions again: ${reason}\n`,
      ),
  }).catch((error: unknown) => {
    throw error instanceof RpcReplyError ? new CliError(error.body.message) : error;
  });
  const tty = Boolean(process.stdout.isTTY);
  const stop = () => watch.stop();
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  const interactive = tty && Boolean(process.stdin.isTTY);
  if (interactive) process.stdin.once('end', stop).resume();
  const out = stdoutLines();
  try {
    for await (const update of watch) {
      if (tty) {
        if (watch.pending === 0) draw(watch.rows(), watch.seq, host, context, query.select);
        continue;
      }
      for (const line of updateLines(update)) {
        if (!(await out.write(line))) watch.stop();
      }
    }
  } catch (error) {
    throw new CliError(`sessions --follow: ${(error as Error).message}`);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    if (interactive) process.stdin.off('end', stop).pause();
    watch.stop();
  }
}
