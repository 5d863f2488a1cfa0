import { Subjects } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR } from '../errors/exit-codes';
import { NoAnswerError } from '../rpc/rpc-client';
import type { CliContext } from './cli-context';
import { parseVerifyFlags } from './audit-flags';
import { CLEAR_LINE } from './json-lines';
import { brokenMessage, checkpointCheck } from './verify-checkpoint';
import { planVerifyRanges } from './verify-plan';

/**
 * `audit verify [--from N] [--to N] [--key K] [--checkpoint FILE] [--witnesses N]
 * [--witness-key W]`: checks the hash chain with audit.log.verify, 100,000 seqs a request, up to
 * --to or the last seq of audit.stats, then the log against the newest checkpoint its key signed,
 * or the one in FILE (verify-checkpoint): the log holds at least the checkpoint's entries, and its
 * root at the checkpoint's size is the signed one. A broken chain, a checkpoint the key does not
 * open, too few cosignatures or a log that does not match the checkpoint is an error (exit 1). A
 * comparison that cannot run (no key, no bucket, no checkpoint yet) is named on a line of its own.
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
  const againstCheckpoint = await checkpointCheck(flags, context);
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
  await againstCheckpoint();
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

With --checkpoint FILE it compares the log with the checkpoint in FILE instead
(a checkpoint you kept: a monitor's DIR/checkpoint, the output of "checkpoint",
or a receipt of "prove").

With --witnesses N the checkpoint must also be cosigned (C2SP
tlog-cosignature) by at least N of the given witnesses: on its own note, or on
the witness's newest cosigned checkpoint in AUTH_CHECKPOINTS (what a replica
with a witness key publishes), when that is the same checkpoint or a later one
whose root the log has at its size. Prints "ok: ... is cosigned by ...", or
"not witnessed: ..." naming the witnesses found and why the others do not
count, with exit code 1.

Usage: verify [--from N] [--to N] [--key K] [--checkpoint FILE]
              [--witnesses N] [--witness-key W]...

  --key K          the log's verifier key, or a file holding it
                   (default: AUTHTRAIL_VERIFY_KEY)
  --checkpoint F   the checkpoint to compare with (default: the newest in
                   AUTH_CHECKPOINTS)
  --witnesses N    require cosignatures of at least N of the given witnesses
  --witness-key W  a witness's verifier key (or several, separated by commas),
                   or a file holding them, one a line; give it once per
                   witness (default: AUTHTRAIL_WITNESS_KEYS, keys separated by
                   commas or spaces, or a file)

Examples:
  verify
  verify --from 1000
  verify --from 1 --to 50000
  verify --key /etc/authtrail/signing.key.pub
  verify --key log.pub --checkpoint /var/lib/authtrail-monitor/checkpoint
  verify --key log.pub --witnesses 2 --witness-key witnesses.txt
  verify --key log.pub --witnesses 2 --witness-key a.pub --witness-key b.pub`;
