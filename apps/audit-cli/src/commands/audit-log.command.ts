import { Subjects } from '@authtrail/contracts';
import type { CliContext } from './cli-context';
import { runQuery } from './run-query';

/** `audit log [<columns>|*] [WHERE <expr>]`: audit.log.query, drawn like `auth sessions`. */
export async function auditLogCommand(args: string, context: CliContext): Promise<void> {
  await runQuery(context, Subjects.logQuery, args);
}

export const AUDIT_LOG_MANUAL = `Returns entries of the append-only audit log.

Each row is one accepted event, in log order:
seq, event_id, kind, host, boot_id, occurred_at, recorded_at, session, origin,
credentials_data, event, stream_seq, redacted, hash.
session.id, origin and credentials_data.username are lifted from the event so
that they can be filtered on directly.

Usage: log [<columns>|*] [WHERE <expression>]

Examples:
  log
  log seq,kind,host,occurred_at
  log seq,kind WHERE host == 'nas-1' and kind in ['login', 'logout']
  log * WHERE session.id == '6f1d1b5e-3a51-4c1e-9f2a-8b1c1e0d2a11'
  log seq,origin WHERE kind == 'login_failed'
  log seq,occurred_at WHERE seq >= 1000 and seq < 1010`;
