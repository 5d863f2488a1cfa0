import { Subjects } from '@authtrail/contracts';
import type { CliContext } from './cli-context';
import { integerFlag, readFlags } from './audit-flags';

/** Prints `text` as it is: `out` ends each text with a newline, and a note ends with its own. */
export function printExactly(context: CliContext, text: string): void {
  context.out(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** `audit checkpoint [--size N]`: the log's newest signed checkpoint, or the one of size N. */
export async function auditCheckpointCommand(args: string, context: CliContext): Promise<void> {
  const command = 'audit checkpoint';
  const size = readFlags(command, args, { size: 'N' }).get('size');
  const request = size === undefined ? {} : { size: integerFlag(command, 'size', size, 1) };
  const reply = await context.rpc.request(Subjects.checkpoint, request);
  printExactly(context, reply.checkpoint);
}

export const AUDIT_CHECKPOINT_MANUAL = `Prints a signed checkpoint of the audit log.

The log's entries are the leaves of a Merkle tree (RFC 6962); a checkpoint
(c2sp.org/tlog-checkpoint) names the log (its origin: the signing key's name),
the number of entries and the tree's root hash, signed by the service as a
signed note (c2sp.org/signed-note). It is printed exactly as signed, so that it
can be saved and checked with the log's verifier key. Without --size: the
newest checkpoint; with --size N: the one signed at N entries (an error when
none was).

Usage: checkpoint [--size N]

Examples:
  checkpoint
  checkpoint --size 1200`;
