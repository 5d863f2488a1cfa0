import { readFileSync } from 'node:fs';
import { parseVerifierKey, SignedNoteError, type Verifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';

/** The variable giving the verifier key when no `--key` is given. */
export const VERIFY_KEY_VARIABLE = 'AUTHTRAIL_VERIFY_KEY';

/** Where the key came from, for messages: `--key` or the variable. */
export interface KeySource {
  /** `--key`'s value, if given; it wins over the variable. */
  flag: string | undefined;
  env: NodeJS.ProcessEnv;
}

/**
 * The verifier key of `--key` or AUTHTRAIL_VERIFY_KEY: a verifier key's text (`<name>+<id>+<key>`)
 * or the path of a file holding it (as `authtrail keygen` writes `<file>.pub`). Undefined when
 * neither is given; a usage error (exit 2) naming the source when it is neither a key nor a file
 * holding one.
 */
export function verifierKeyOf(command: string, source: KeySource): Verifier | undefined {
  const fromFlag = source.flag !== undefined;
  const value = source.flag ?? source.env[VERIFY_KEY_VARIABLE];
  if (value === undefined || value.trim() === '') return undefined;
  const where = fromFlag ? '--key' : VERIFY_KEY_VARIABLE;
  const asText = parsed(value.trim());
  if (typeof asText !== 'string') return asText;
  let content: string;
  try {
    content = readFileSync(value, 'utf8');
  } catch (error) {
    throw new CliError(
      `${command}: ${where} is neither a verifier key (${asText}) nor a readable file ` +
        `(${(error as Error).message})`,
      EXIT_USAGE,
    );
  }
  const inFile = parsed(content.trim());
  if (typeof inFile !== 'string') return inFile;
  throw new CliError(`${command}: ${where}: ${value} holds no verifier key: ${inFile}`, EXIT_USAGE);
}

/** The verifier of `text`, or why it is none. */
function parsed(text: string): Verifier | string {
  if (text.startsWith('PRIVATE+KEY+')) {
    return 'a private key: give the verifier key (the .pub file authtrail keygen wrote)';
  }
  try {
    return parseVerifierKey(text);
  } catch (error) {
    if (error instanceof SignedNoteError) return error.message;
    throw error;
  }
}
