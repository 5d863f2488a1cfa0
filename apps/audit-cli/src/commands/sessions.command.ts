import { Subjects } from '@authtrail/contracts';
import type { CliContext } from './cli-context';
import { runSessionsQuery } from './run-query';

/** `sessions [<columns>|*] [WHERE <expr>]`: auth.sessions, drawn as the TrueNAS CLI does. */
export async function sessionsCommand(args: string, context: CliContext): Promise<void> {
  await runSessionsQuery(context, Subjects.sessions, args);
}

export const SESSIONS_MANUAL = `Returns a list of active auth sessions.

Each row is one session opened since the host's last boot and not yet ended:
id, current, internal, origin, credentials, credentials_data, created_at.
\`current\` is true for the session given with --session (or AUTHTRAIL_SESSION).

Usage: sessions [<columns>|*] [WHERE <expression>]

Examples:
  sessions
  sessions id
  sessions id,origin WHERE internal == false
  sessions * WHERE credentials in ['API_KEY', 'TOKEN']
  sessions id WHERE origin.startswith('UNIX socket') or current == true
  sessions id WHERE internal == false and '10.0.' in origin`;
