import { Subjects, type VerifyReply } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR } from '../errors/exit-codes';
import { NoAnswerError } from '../rpc/rpc-client';
import type { CliContext } from './cli-context';
import { parseRangeFlags } from './audit-flags';
import { CLEAR_LINE } from './json-lines';
import { planVerifyRanges } from './verify-plan';

/** The text of a failed check, e.g. `broken: entry 42: hash mismatch`. */
export function brokenMessage(reply: VerifyReply): string {
  return `broken: entry ${reply.first_bad_seq ?? '?'}: ${reply.reason ?? 'the hash chain does not match'}`;
}

/**
 * `audit verify [--from N] [--to N]`: checks the hash chain with audit.log.verify, 100,000 seqs a
 * request, up to --to or the last seq of audit.stats. A broken chain is an error (exit 1).
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
  const flags = parseRangeFlags('audit verify', args);
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
}

export const AUDIT_VERIFY_MANUAL = `Checks the integrity of the audit log.

Every entry holds a SHA-256 over the previous entry's hash and its own content,
so an edited, inserted or deleted entry breaks the chain. The log is checked
100,000 entries a request, from --from (default 1) to --to (default the last
entry). Prints "ok: N entries verified", or "broken: entry <seq>: <reason>" on
stderr with exit code 1.

Usage: verify [--from N] [--to N]

Examples:
  verify
  verify --from 1000
  verify --from 1 --to 50000`;
