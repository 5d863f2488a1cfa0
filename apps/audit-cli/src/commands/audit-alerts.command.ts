import {
  ALERT_RULES,
  alertSubject,
  HOST_PATTERN,
  RpcErrorCode,
  Subjects,
  type AlertRow,
} from '@authtrail/contracts';
import { fetchReceipts, ReceiptError } from '@authtrail/audit-client';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';
import { renderResult } from '../render';
import { RemoteError } from '../rpc/rpc-client';
import { printExactly } from './audit-checkpoint.command';
import { integerFlag, readFlags } from './audit-flags';
import { followSubject } from './audit-tail.command';
import type { CliContext } from './cli-context';
import { runQuery } from './run-query';

const COMMAND = 'audit alerts';
const FLAGS = { follow: null, evidence: 'ID', rule: 'R', host: 'H', count: 'N' } as const;
/** The columns of an entry shown as evidence. */
const EVIDENCE_COLUMNS = ['seq', 'kind', 'host', 'occurred_at', 'origin', 'credentials_data'];

const usage = (message: string) => new CliError(`${COMMAND}: ${message}`, EXIT_USAGE);

/**
 * `audit alerts [<columns>|*] [WHERE <expr>]` (audit.alerts, drawn like `audit log`),
 * `audit alerts --follow [--rule R] [--host H] [--count N]` (each alert opened or closed, as a
 * JSON line) and `audit alerts --evidence <id>` (the entries behind an alert, with their inclusion
 * proofs against one signed checkpoint).
 */
export async function auditAlertsCommand(args: string, context: CliContext): Promise<void> {
  if (!args.trim().startsWith('--')) return runQuery(context, Subjects.alerts, args);
  const flags = readFlags(COMMAND, args, FLAGS);
  const evidence = flags.get('evidence');
  if (evidence !== undefined) {
    if (flags.size > 1) throw usage('--evidence takes no other option');
    return printEvidence(context, evidence);
  }
  if (!flags.has('follow')) throw usage('--rule, --host and --count go with --follow');
  const rule = flags.get('rule');
  const host = flags.get('host');
  const count = flags.get('count');
  if (rule !== undefined && !(ALERT_RULES as readonly string[]).includes(rule))
    throw usage(`--rule must be one of ${ALERT_RULES.join(', ')}, not "${rule}"`);
  if (host !== undefined && !HOST_PATTERN.test(host))
    throw usage(`--host "${host}" is not a host name ([A-Za-z0-9_-], 1-64)`);
  const subject = alertSubject(rule ?? '*', host ?? '*');
  const most = count === undefined ? undefined : integerFlag(COMMAND, 'count', count, 1);
  await followSubject(context, subject, COMMAND, most);
}

async function alertById(context: CliContext, id: string): Promise<AlertRow> {
  try {
    const request = { filters: [['id', '=', id]], options: { get: true } };
    return (await context.rpc.request(Subjects.alerts, request)) as AlertRow;
  } catch (error) {
    if (error instanceof RemoteError && error.body.code === RpcErrorCode.NotFound)
      throw new CliError(`${COMMAND}: no alert "${id}" (see "audit alerts id")`, EXIT_ERROR);
    throw error;
  }
}

const when = (date: { $date: number } | null) =>
  date === null ? 'open' : new Date(date.$date).toISOString();

async function printEvidence(context: CliContext, id: string): Promise<void> {
  const alert = await alertById(context, id);
  const entries = await context.rpc.request(Subjects.logQuery, {
    filters: [['seq', 'in', alert.seqs]],
    options: { select: EVIDENCE_COLUMNS },
  });
  let proofs: Awaited<ReturnType<typeof fetchReceipts>>;
  try {
    proofs = await fetchReceipts(context.rpc.request.bind(context.rpc), alert.seqs);
  } catch (error) {
    if (error instanceof ReceiptError) throw new CliError(`${COMMAND}: ${error.message}`);
    throw error;
  }
  const { checkpoint, receipts } = proofs;
  if (context.mode === 'json') {
    const evidence = { alert, entries, checkpoint: checkpoint.checkpoint, receipts };
    context.out(renderResult(evidence, 'json'));
    return;
  }
  const listed =
    alert.count > alert.seqs.length ? `the first ${alert.seqs.length} listed` : 'all listed';
  context.out(
    `alert ${alert.id}: ${alert.rule} on ${alert.host}, key ${alert.key}, ` +
      `${alert.count} entries (${listed}), opened ${when(alert.opened_at)}, closed ${when(alert.closed_at)}`,
  );
  context.out(renderResult(entries, context.mode, { select: EVIDENCE_COLUMNS }));
  context.out(
    `Each entry is in the log of this checkpoint (size ${checkpoint.size}); each receipt below ` +
      'checks offline with "audit verify-proof" and the log\'s key.',
  );
  printExactly(context, checkpoint.checkpoint);
  for (const { seq, receipt } of receipts) {
    context.out(`\nreceipt of entry ${seq}:`);
    printExactly(context, receipt);
  }
}

export const AUDIT_ALERTS_MANUAL = `Returns the alerts the detections found in the audit log.

Each row is one alert: id, rule (brute_force, spraying, distributed,
break_in, new_origin), host, key (the address or username it counts by),
address, username, opened_at, last_at, closed_at (null while open), count
(entries that made it) and seqs (their log seqs, the first 100).

Usage: alerts [<columns>|*] [WHERE <expression>]
       alerts --follow [--rule R] [--host H] [--count N]
       alerts --evidence <id>

  --follow     print each alert opened or closed from now on, as a JSON line
               {"change": "opened"|"closed", "alert": {...}}, until Ctrl-C
  --evidence   print the entries behind an alert and their receipts (inclusion
               proofs) against one signed checkpoint

Examples:
  alerts
  alerts id,rule,host,key,count WHERE closed_at == null
  alerts * WHERE rule == 'brute_force' and address == '203.0.113.5'
  alerts --follow --rule break_in
  alerts --evidence brute_force:1234`;
