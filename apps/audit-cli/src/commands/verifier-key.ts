import { readFileSync } from 'node:fs';
import { parseVerifierKey, SignedNoteError, type Verifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';

/** Where a command found the log's verifier key. */
export interface VerifierKeyValue {
  /** A verifier key's text, or the path of a file holding one. */
  value: string;
  /** `--key` or `AUTHTRAIL_VERIFY_KEY`, for messages. */
  source: string;
}

/** `--key` when given, else AUTHTRAIL_VERIFY_KEY when set. */
export function verifierKeyValue(
  flag: string | undefined,
  fromEnv: string | undefined,
): VerifierKeyValue | undefined {
  if (flag !== undefined) return { value: flag, source: '--key' };
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { value: fromEnv, source: 'AUTHTRAIL_VERIFY_KEY' };
  }
  return undefined;
}

const PRIVATE =
  "is a private key: give the log's verifier key (<name>+<key id>+<key data>, e.g. the .pub file)";

const isPrivateKey = (text: string): boolean => text.trim().startsWith('PRIVATE+KEY+');

const keyProblem = (text: string): string | undefined => {
  try {
    parseVerifierKey(text);
    return undefined;
  } catch (error) {
    if (error instanceof SignedNoteError) return error.message;
    throw error;
  }
};

/**
 * The verifier of a log's key given as its text (`<name>+<key id>+<key data>`) or as a file
 * holding that text (the `.pub` file of `authtrail keygen`; surrounding white space is ignored).
 * Neither is a usage error naming what was tried.
 */
export function loadVerifierKey(command: string, key: VerifierKeyValue): Verifier {
  const { value, source } = key;
  // Never echoed, not even as a file name: a private key is a secret.
  if (isPrivateKey(value)) throw new CliError(`${command}: ${source} ${PRIVATE}`, EXIT_USAGE);
  const asText = keyProblem(value.trim());
  if (asText === undefined) return parseVerifierKey(value.trim());
  let fileText: string;
  try {
    fileText = readFileSync(value, 'utf8');
  } catch (error) {
    throw new CliError(
      `${command}: ${source} is neither a verifier key (${asText}) ` +
        `nor a readable file (${(error as Error).message})`,
      EXIT_USAGE,
    );
  }
  if (isPrivateKey(fileText)) {
    throw new CliError(`${command}: ${source}: ${value} ${PRIVATE}`, EXIT_USAGE);
  }
  const inFile = keyProblem(fileText.trim());
  if (inFile !== undefined) {
    throw new CliError(
      `${command}: ${source}: ${value} holds no verifier key: ${inFile}`,
      EXIT_USAGE,
    );
  }
  return parseVerifierKey(fileText.trim());
}
