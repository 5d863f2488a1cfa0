import { readFileSync } from 'node:fs';
import { checkReceipt, MalformedReceiptError, ReceiptError } from '@authtrail/audit-client';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';
import type { CliContext } from './cli-context';
import { readFlags } from './audit-flags';
import { loadVerifierKey, verifierKeyValue } from './verifier-key';

const COMMAND = 'audit verify-proof';
const USAGE = 'Usage: verify-proof <file> [--key <verifier key or file>] [--entry <file>]';

const usage = (message: string) => new CliError(`${COMMAND}: ${message}`, EXIT_USAGE);

/** The text of `path` (`-`: standard input); an unreadable file is a usage error. */
function readInput(what: string, path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw usage(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

/**
 * `audit verify-proof <file> [--key K] [--entry <file>]`: checks a receipt offline (no NATS):
 * the checkpoint's signature and origin with the log's verifier key, the audit path from the
 * entry to the signed root, the entry's seq. The entry text is the receipt's own unless --entry
 * gives it (a file's final newline is not part of it).
 */
export function auditVerifyProofCommand(args: string, context: CliContext): Promise<void> {
  const files: string[] = [];
  const flags = readFlags(COMMAND, args, { key: 'K', entry: 'FILE' }, files);
  if (files.length !== 1) {
    throw usage(
      `give one receipt file${files.length > 1 ? `, not ${files.length}` : ''}\n${USAGE}`,
    );
  }
  const key = verifierKeyValue(flags.get('key'), context.verifyKey);
  if (key === undefined) {
    throw usage("give the log's verifier key: --key <key or file>, or AUTHTRAIL_VERIFY_KEY");
  }
  const verifier = loadVerifierKey(COMMAND, key);
  const receipt = readInput('receipt', files[0]);
  const entryFile = flags.get('entry');
  const entry =
    entryFile === undefined ? undefined : readInput('entry', entryFile).replace(/\n$/, '');
  try {
    const checked = checkReceipt(receipt, verifier, entry);
    context.out(`ok: entry ${checked.seq} is in ${checked.origin} at size ${checked.size}`);
  } catch (error) {
    if (error instanceof MalformedReceiptError) throw usage(`${files[0]}: ${error.message}`);
    if (error instanceof ReceiptError)
      throw new CliError(`not verified: ${error.message}`, EXIT_ERROR);
    throw error;
  }
  return Promise.resolve();
}

export const AUDIT_VERIFY_PROOF_MANUAL = `Checks a receipt of a log entry offline.

A receipt (c2sp.org/tlog-proof, made by "prove") holds the entry's index, its
audit path and a checkpoint signed by the log, and the entry's text. It holds
when the checkpoint's signature verifies with the log's verifier key, the
checkpoint's origin is the key's name, the path leads from the entry to the
checkpoint's root, and the entry's seq is its index + 1. Nothing is asked of
the service. Prints "ok: entry <seq> is in <origin> at size <n>"; a receipt
that does not hold is "not verified: <reason>" with exit code 1; a file, key
or receipt that cannot be read is exit code 2.

--key is the verifier key's text (<name>+<key id>+<key data>) or a file
holding it; AUTHTRAIL_VERIFY_KEY is its default. --entry gives the entry's
canonical text (the receipt's own must then be the same); a final newline
in the file is not part of it. <file> - reads the receipt from standard input.

${USAGE}

Examples:
  verify-proof entry-42.tlog-proof --key authtrail-nas+1f2e3d4c+AQ...
  verify-proof entry-42.tlog-proof --key /etc/authtrail/signing.key.pub
  verify-proof entry-42.tlog-proof --entry entry-42.json`;
