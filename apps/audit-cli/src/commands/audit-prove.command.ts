import { fetchReceipt, ReceiptError } from '@authtrail/audit-client';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';
import { printExactly } from './audit-checkpoint.command';
import type { CliContext } from './cli-context';
import { readFlags } from './audit-flags';

const COMMAND = 'audit prove';
const USAGE = 'Usage: prove <seq>';

/**
 * `audit prove <seq>`: the receipt of log entry `seq` (c2sp.org/tlog-proof) against the newest
 * signed checkpoint, printed exactly (`> entry.tlog-proof` saves it). An entry no checkpoint
 * covers yet is waited for up to 3 s.
 */
export async function auditProveCommand(args: string, context: CliContext): Promise<void> {
  const words: string[] = [];
  readFlags(COMMAND, args, {}, words);
  const seq = words.length === 1 && /^\d+$/.test(words[0]) ? Number(words[0]) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 1) {
    const given = words.length === 0 ? 'give one' : `not "${words.join(' ')}"`;
    throw new CliError(
      `${COMMAND}: <seq> is a log entry's seq, a positive integer: ${given}\n${USAGE}`,
      EXIT_USAGE,
    );
  }
  try {
    printExactly(context, await fetchReceipt(context.rpc.request.bind(context.rpc), seq));
  } catch (error) {
    if (error instanceof ReceiptError)
      throw new CliError(`${COMMAND}: ${error.message}`, EXIT_ERROR);
    throw error;
  }
}

export const AUDIT_PROVE_MANUAL = `Prints a receipt that a log entry is in the audit log.

The receipt (c2sp.org/tlog-proof) holds the entry's index (seq - 1), its
audit path in the log's Merkle tree, the newest checkpoint signed by the
service, and the entry's canonical text (as its extra data). Anyone with the
log's verifier key can check it offline with "verify-proof", without asking
the service. An entry newer than the newest checkpoint is waited for (the
service signs one within a second) up to 3 seconds.

${USAGE}

Examples:
  prove 42
  authtrail audit prove 42 > entry-42.tlog-proof`;
