import { SESSION_FIELDS } from '@authtrail/contracts';
import { AUDIT_ALERTS_MANUAL, auditAlertsCommand } from '../commands/audit-alerts.command';
import { AUDIT_AT_MANUAL, auditAtCommand } from '../commands/audit-at.command';
import {
  AUDIT_CHECKPOINT_MANUAL,
  auditCheckpointCommand,
} from '../commands/audit-checkpoint.command';
import { AUDIT_LOG_MANUAL, auditLogCommand } from '../commands/audit-log.command';
import { AUDIT_MONITOR_MANUAL, auditMonitorCommand } from '../commands/audit-monitor.command';
import { AUDIT_PROVE_MANUAL, auditProveCommand } from '../commands/audit-prove.command';
import { AUDIT_REPLAY_MANUAL, auditReplayCommand } from '../commands/audit-replay.command';
import { AUDIT_STATS_MANUAL, auditStatsCommand } from '../commands/audit-stats.command';
import { AUDIT_TAIL_MANUAL, auditTailCommand } from '../commands/audit-tail.command';
import { AUDIT_VERIFY_MANUAL, auditVerifyCommand } from '../commands/audit-verify.command';
import {
  AUDIT_VERIFY_PROOF_MANUAL,
  auditVerifyProofCommand,
} from '../commands/audit-verify-proof.command';
import { SESSIONS_MANUAL, sessionsCommand } from '../commands/sessions.command';
import {
  TERMINATE_OTHER_SESSIONS_MANUAL,
  TERMINATE_SESSION_MANUAL,
  terminateOtherSessionsCommand,
  terminateSessionCommand,
} from '../commands/terminate.command';
import type { CliContext } from '../commands/cli-context';
import {
  atCompleter,
  flagCompleter,
  kwargCompleter,
  queryCompleter,
  type Completer,
} from './completion';

export interface Command {
  kind: 'command';
  name: string;
  description: string;
  /** What `man <command>` prints. */
  manual?: string;
  run: (args: string, context: CliContext) => Promise<void>;
  /** Tab completion of the words after the command. */
  complete: Completer;
}

/** The columns of `audit log` rows, for tab completion. */
const LOG_COLUMNS = [
  'seq',
  'event_id',
  'kind',
  'host',
  'boot_id',
  'occurred_at',
  'recorded_at',
  'session',
  'origin',
  'credentials_data',
  'event',
  'stream_seq',
  'redacted',
  'hash',
];

/** The columns of `audit alerts` rows, for tab completion. */
const ALERT_COLUMNS = [
  'id',
  'rule',
  'host',
  'key',
  'address',
  'username',
  'opened_at',
  'last_at',
  'closed_at',
  'count',
  'seqs',
];

export interface Namespace {
  kind: 'namespace';
  name: string;
  description: string;
  children: Map<string, Namespace | Command>;
}

function namespace(
  name: string,
  description: string,
  children: (Namespace | Command)[],
): Namespace {
  return {
    kind: 'namespace',
    name,
    description,
    children: new Map(children.map((c) => [c.name, c])),
  };
}

/** The command tree, after TrueNAS midcli (REF §4.1). */
export function commandTree(): Namespace {
  return namespace('', '', [
    namespace('auth', 'Authentication sessions', [
      {
        kind: 'command',
        name: 'sessions',
        description: 'Returns a list of active auth sessions',
        manual: SESSIONS_MANUAL,
        run: sessionsCommand,
        complete: queryCompleter(SESSION_FIELDS),
      },
      {
        kind: 'command',
        name: 'terminate_session',
        description: 'Terminates session `id`',
        manual: TERMINATE_SESSION_MANUAL,
        run: terminateSessionCommand,
        complete: kwargCompleter(['id']),
      },
      {
        kind: 'command',
        name: 'terminate_other_sessions',
        description: 'Terminates all other sessions (except the current one)',
        manual: TERMINATE_OTHER_SESSIONS_MANUAL,
        run: terminateOtherSessionsCommand,
        complete: kwargCompleter([]),
      },
    ]),
    namespace('audit', 'Audit log: history, integrity, time travel', [
      {
        kind: 'command',
        name: 'log',
        description: 'Returns entries of the audit log',
        manual: AUDIT_LOG_MANUAL,
        run: auditLogCommand,
        complete: queryCompleter(LOG_COLUMNS),
      },
      {
        kind: 'command',
        name: 'alerts',
        description: 'Returns the alerts found in the audit log, or follows them live',
        manual: AUDIT_ALERTS_MANUAL,
        run: auditAlertsCommand,
        complete: queryCompleter(ALERT_COLUMNS),
      },
      {
        kind: 'command',
        name: 'verify',
        description: 'Checks the hash chain of the audit log and its signed checkpoint',
        manual: AUDIT_VERIFY_MANUAL,
        run: auditVerifyCommand,
        complete: flagCompleter([
          '--from',
          '--to',
          '--key',
          '--witnesses',
          '--witness-key',
          '--checkpoint',
        ]),
      },
      {
        kind: 'command',
        name: 'monitor',
        description: "Checks that the log's signed checkpoints only grow",
        manual: AUDIT_MONITOR_MANUAL,
        run: auditMonitorCommand,
        complete: flagCompleter(['--state', '--key', '--follow']),
      },
      {
        kind: 'command',
        name: 'at',
        description: 'Returns the sessions as they stood at a past time or log entry',
        manual: AUDIT_AT_MANUAL,
        run: auditAtCommand,
        complete: atCompleter(SESSION_FIELDS),
      },
      {
        kind: 'command',
        name: 'replay',
        description: 'Writes the audit log as JSON lines',
        manual: AUDIT_REPLAY_MANUAL,
        run: auditReplayCommand,
        complete: flagCompleter(['--from', '--to']),
      },
      {
        kind: 'command',
        name: 'tail',
        description: 'Follows new audit log entries live',
        manual: AUDIT_TAIL_MANUAL,
        run: auditTailCommand,
        complete: flagCompleter(['--host', '--kind', '--count']),
      },
      {
        kind: 'command',
        name: 'stats',
        description: 'Shows counters of the audit service',
        manual: AUDIT_STATS_MANUAL,
        run: auditStatsCommand,
        complete: flagCompleter([]),
      },
      {
        kind: 'command',
        name: 'checkpoint',
        description: 'Prints a signed checkpoint of the audit log',
        manual: AUDIT_CHECKPOINT_MANUAL,
        run: auditCheckpointCommand,
        complete: flagCompleter(['--size']),
      },
      {
        kind: 'command',
        name: 'prove',
        description: 'Prints a receipt that a log entry is in the audit log',
        manual: AUDIT_PROVE_MANUAL,
        run: auditProveCommand,
        complete: flagCompleter([]),
      },
      {
        kind: 'command',
        name: 'verify-proof',
        description: 'Checks a receipt of a log entry offline',
        manual: AUDIT_VERIFY_PROOF_MANUAL,
        run: auditVerifyProofCommand,
        complete: flagCompleter(['--key', '--entry']),
      },
    ]),
  ]);
}

/** Splits off the first word of a line. */
export function firstWord(line: string): [string, string] {
  const trimmed = line.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? [match[1], match[2]] : ['', ''];
}
