import { CHECKPOINT_BUCKET, Subjects, type VerifyReply } from '@authtrail/contracts';
import type { Checkpoint, Verifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR } from '../errors/exit-codes';
import { NoAnswerError } from '../rpc/rpc-client';
import {
  CheckpointNoteError,
  describeCheckpoint,
  openCheckpoint,
  refusedCheckpoint,
  rootText,
} from '../transparency/checkpoint-note';
import { newestCheckpoint } from '../transparency/checkpoint-source';
import { VERIFY_KEY_VARIABLE, verifierKeyOf } from '../transparency/verifier-key';
import type { CliContext } from './cli-context';
import { parseVerifyFlags } from './audit-flags';
import { CLEAR_LINE } from './json-lines';
import { planVerifyRanges } from './verify-plan';

/** The text of a failed check, e.g. `broken: entry 42: hash mismatch`. */
export function brokenMessage(reply: VerifyReply): string {
  return `broken: entry ${reply.first_bad_seq ?? '?'}: ${reply.reason ?? 'the hash chain does not match'}`;
}

/**
 * `audit verify [--from N] [--to N] [--key K]`: checks the hash chain with audit.log.verify,
 * 100,000 seqs a request, up to --to or the last seq of audit.stats, then the log against the
 * newest checkpoint its key signed: the log holds at least the checkpoint's entries, and its root
 * at the checkpoint's size is the signed one. A broken chain, a checkpoint the key does not open
 * or a log that does not match it is an error (exit 1). A comparison that cannot run (no key, no
 * bucket, no checkpoint yet) is named on a line of its own.
 */
export async function auditVerifyCommand(args: string, context: CliContext): Promise<void> {
  try {
    await verify(args, context);
  } catch (error) {
    // the service checks the chain (and knows where the log ends): say that, not which RPC failed
    if (error instanceof NoAnswerError)
      throw new CliError(`audit verify: ${error.reason}: the service checks the log's hash chain`);
    throw error;
  }
}

async function verify(args: string, context: CliContext): Promise<void> {
  const flags = parseVerifyFlags(args);
  const verifier = verifierKeyOf('audit verify', { flag: flags.key, env: process.env });
  const signed = await checkpointToCompare(verifier, context);
  const from = Math.max(flags.from ?? 1, 1);
  const to = flags.to ?? (await context.rpc.request(Subjects.stats, {})).last_seq;
  const ranges = planVerifyRanges(from, to);
  const total = Math.max(to - from + 1, 0);
  const progress = Boolean(process.stderr.isTTY);
  let checked = 0;
  try {
    for (const range of ranges) {
      const reply = await context.rpc.request(Subjects.logVerify, range);
      if (!reply.ok) throw new CliError(brokenMessage(reply), EXIT_ERROR);
      checked += reply.checked;
      if (progress) process.stderr.write(`\rverified ${checked}/${total} entries`);
      if (reply.checked === 0) break;
    }
  } finally {
    if (progress) process.stderr.write(CLEAR_LINE);
  }
  context.out(`ok: ${checked} entries verified`);
  if ('skipped' in signed) {
    context.out(`not checked against a signed checkpoint: ${signed.skipped}`);
    return;
  }
  await compareWithCheckpoint(signed.checkpoint, context);
}

/** The newest checkpoint the key signed, or why the log is not compared with one. */
async function checkpointToCompare(
  verifier: Verifier | undefined,
  context: CliContext,
): Promise<{ checkpoint: Checkpoint } | { skipped: string }> {
  if (!verifier) return { skipped: `no verifier key (--key or ${VERIFY_KEY_VARIABLE})` };
  const newest = await newestCheckpoint(await context.rpc.nats(), verifier.name);
  if ('missing' in newest) return { skipped: newest.missing };
  try {
    return openCheckpoint(newest.note, verifier);
  } catch (error) {
    if (!(error instanceof CheckpointNoteError)) throw error;
    const what = `the newest checkpoint of ${verifier.name} in ${CHECKPOINT_BUCKET}`;
    throw new CliError(
      `broken: ${refusedCheckpoint(what, newest.note, verifier, error)}`,
      EXIT_ERROR,
    );
  }
}

/** The log holds the checkpoint's entries and has its root at its size; exit 1 otherwise. */
async function compareWithCheckpoint(checkpoint: Checkpoint, context: CliContext): Promise<void> {
  const { size } = checkpoint;
  const signed = `the checkpoint of ${describeCheckpoint(checkpoint)}`;
  const lastSeq = (await context.rpc.request(Subjects.stats, {})).last_seq;
  if (lastSeq < size) {
    throw new CliError(
      `broken: the log has ${lastSeq} entries, fewer than the ${size} signed in ${signed}`,
      EXIT_ERROR,
    );
  }
  if (size > 0) {
    const reply = await context.rpc.request(Subjects.logVerify, {
      from_seq: size,
      to_seq: size,
      root_at: size,
    });
    if (!reply.ok) throw new CliError(brokenMessage(reply), EXIT_ERROR);
    if (reply.root === undefined) {
      throw new CliError(
        `audit verify: the service gave no root at size ${size}, so the log cannot be compared ` +
          `with ${signed}`,
      );
    }
    if (reply.root !== rootText(checkpoint.rootHash)) {
      throw new CliError(
        `broken: the log's root at size ${size} is ${reply.root}, not that of ${signed}`,
        EXIT_ERROR,
      );
    }
  }
  context.out(`ok: the log matches ${signed}`);
}

export const AUDIT_VERIFY_MANUAL = `Checks the integrity of the audit log.

Every entry holds a SHA-256 over the previous entry's hash and its own content,
so an edited, inserted or deleted entry breaks the chain. The log is checked
100,000 entries a request, from --from (default 1) to --to (default the last
entry). Prints "ok: N entries verified", or "broken: entry <seq>: <reason>" on
stderr with exit code 1.

With the log's verifier key it then compares the log with the newest
checkpoint the log signed (read from the key-value bucket AUTH_CHECKPOINTS):
the log must hold at least the checkpoint's entries and have its root at the
checkpoint's size, so entries removed from the end are found too. Prints
"ok: the log matches the checkpoint of <origin> at size <n>, root <root>", or a
"broken: ..." line naming the checkpoint with exit code 1. When it cannot
compare, it says why: "not checked against a signed checkpoint: <reason>"
(no key, no bucket, no checkpoint of the key's origin yet).

Usage: verify [--from N] [--to N] [--key K]

  --key K  the log's verifier key, or a file holding it
           (default: AUTHTRAIL_VERIFY_KEY)

Examples:
  verify
  verify --from 1000
  verify --from 1 --to 50000
  verify --key /etc/authtrail/signing.key.pub`;
