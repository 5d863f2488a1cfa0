import { readFileSync } from 'node:fs';
import {
  parseVerifierKey,
  parseWitnessVerifierKey,
  SignedNoteError,
  type Verifier,
  type WitnessVerifier,
} from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';

/** The variable giving the log's verifier key when no `--key` is given. */
export const VERIFY_KEY_VARIABLE = 'AUTHTRAIL_VERIFY_KEY';

/** The variable giving the witnesses' verifier keys when no `--witness-key` is given. */
export const WITNESS_KEYS_VARIABLE = 'AUTHTRAIL_WITNESS_KEYS';

/** A flag's value, if given (it wins over the variable), and the environment. */
export interface KeySource {
  flag: string | undefined;
  env: NodeJS.ProcessEnv;
}

/**
 * The log's verifier key, from `--key` or AUTHTRAIL_VERIFY_KEY: a verifier key's text
 * (`<name>+<id>+<key>`) or the path of a file holding it (as `authtrail keygen` writes
 * `<file>.pub`). Undefined when neither is given; a usage error (exit 2) naming the source when
 * it is not one key, given or in a file.
 */
export function verifierKeyOf(command: string, source: KeySource): Verifier | undefined {
  const keys = keysOf(command, '--key', VERIFY_KEY_VARIABLE, source, parseVerifierKey);
  if (keys !== undefined && keys.length !== 1) {
    const where = source.flag !== undefined ? '--key' : VERIFY_KEY_VARIABLE;
    throw new CliError(
      `${command}: ${where}: give one verifier key, not ${keys.length}`,
      EXIT_USAGE,
    );
  }
  return keys?.[0];
}

/**
 * The witnesses' verifier keys (C2SP tlog-cosignature, type 0x04), from `--witness-key` or
 * AUTHTRAIL_WITNESS_KEYS: keys separated by white space, or the path of a file holding them (one
 * a line, say). Empty when neither is given; a usage error naming the source otherwise.
 */
export function witnessKeysOf(command: string, source: KeySource): WitnessVerifier[] {
  return (
    keysOf(command, '--witness-key', WITNESS_KEYS_VARIABLE, source, parseWitnessVerifierKey) ?? []
  );
}

/** The keys of a flag or its variable: key texts, or a file holding them. */
function keysOf<K>(
  command: string,
  flag: string,
  variable: string,
  source: KeySource,
  parse: (text: string) => K,
): K[] | undefined {
  const fromFlag = source.flag !== undefined;
  const value = source.flag ?? source.env[variable];
  if (value === undefined || value.trim() === '') return undefined;
  const where = fromFlag ? flag : variable;
  const given = parsedAll(value, parse);
  if (Array.isArray(given)) return given;
  let content: string;
  try {
    content = readFileSync(value, 'utf8');
  } catch (error) {
    throw new CliError(
      `${command}: ${where} is neither a verifier key (${given}) nor a readable file ` +
        `(${(error as Error).message})`,
      EXIT_USAGE,
    );
  }
  const inFile = parsedAll(content, parse);
  if (Array.isArray(inFile) && inFile.length > 0) return inFile;
  const why = Array.isArray(inFile) ? 'it is empty' : inFile;
  throw new CliError(`${command}: ${where}: ${value} holds no verifier key: ${why}`, EXIT_USAGE);
}

/** The keys of `text` (separated by white space, each once), or why one of them is none. */
function parsedAll<K>(text: string, parse: (text: string) => K): K[] | string {
  const keys: K[] = [];
  for (const word of new Set(text.split(/\s+/).filter(Boolean))) {
    if (word.startsWith('PRIVATE+KEY+')) {
      return 'a private key: give the verifier key (the .pub file authtrail keygen wrote)';
    }
    try {
      keys.push(parse(word));
    } catch (error) {
      if (error instanceof SignedNoteError) return error.message;
      throw error;
    }
  }
  return keys;
}
