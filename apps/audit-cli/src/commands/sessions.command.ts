import { Subjects } from '@authtrail/contracts';
import type { CliContext } from './cli-context';
import { runSessionsQuery } from './run-query';
import { followSessions, takeFollowFlag } from './sessions-follow.command';

/**
 * `sessions [<columns>|*] [WHERE <expr>]`: auth.sessions, drawn as the TrueNAS CLI does;
 * with `--follow`, kept up to date as the sessions change.
 */
export async function sessionsCommand(args: string, context: CliContext): Promise<void> {
  const { rest, follow } = takeFollowFlag(args);
  if (follow) await followSessions(rest, context);
  else await runSessionsQuery(context, Subjects.sessions, args);
}

export const SESSIONS_MANUAL = `Returns a list of active auth sessions.

Each row is one session opened since the host's last boot and not yet ended:
id, current, internal, origin, credentials, credentials_data, created_at.
\`current\` is true for the session given with --session (or AUTHTRAIL_SESSION).

Usage: sessions [<columns>|*] [WHERE <expression>]
       sessions [<columns>|*] --follow

--follow keeps following the host's non-internal sessions (--host, or the only
host known) until Ctrl-C: on a terminal the table is drawn again on each change;
otherwise each change is printed as a JSON line (TrueNAS's auth.sessions event
with host and log seq), after one "added" line per session open at the start.

Examples:
  sessions
  sessions id
  sessions id,origin WHERE internal == false
  sessions * WHERE credentials in ['API_KEY', 'TOKEN']
  sessions id WHERE origin.startswith('UNIX socket') or current == true
  sessions id WHERE internal == false and '10.0.' in origin
  sessions id,origin,created_at --follow`;
