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

/** Where a command found a verifier key (or the witnesses' keys). */
export interface VerifierKeyValue {
  /** A verifier key's text, or the path of a file holding one. */
  value: string;
  /** `--key` or `AUTHTRAIL_VERIFY_KEY` (`--witness-key`, `AUTHTRAIL_WITNESS_KEYS`), for messages. */
  source: string;
}

/** The flag's value when given, else the variable's when set and not blank. */
function keyValue(
  flag: string | undefined,
  flagName: string,
  fromEnv: string | undefined,
  variable: string,
): VerifierKeyValue | undefined {
  if (flag !== undefined) return { value: flag, source: flagName };
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv, source: variable };
  return undefined;
}

/** `--key` when given, else AUTHTRAIL_VERIFY_KEY when set. */
export const verifierKeyValue = (flag: string | undefined, fromEnv: string | undefined) =>
  keyValue(flag, '--key', fromEnv, 'AUTHTRAIL_VERIFY_KEY');

/** Each `--witness-key` given, else AUTHTRAIL_WITNESS_KEYS when set; none otherwise. */
export function witnessKeysValues(
  flags: readonly string[] | undefined,
  fromEnv: string | undefined,
): VerifierKeyValue[] {
  if (flags !== undefined && flags.length > 0) {
    return flags.map((value) => ({ value, source: '--witness-key' }));
  }
  const fromVariable = keyValue(undefined, '--witness-key', fromEnv, 'AUTHTRAIL_WITNESS_KEYS');
  return fromVariable ? [fromVariable] : [];
}

const isPrivateKey = (text: string): boolean =>
  text.split(/\s+/).some((word) => word.startsWith('PRIVATE+KEY+'));

/** What a text holds: the keys, or why it holds none. */
type Reading<K> = { keys: K } | { problem: string };

/** The keys a value gives, as text or in a file; `what` names them when a private key is given. */
function loadKeys<K>(
  command: string,
  key: VerifierKeyValue,
  what: string,
  read: (text: string) => Reading<K>,
): K {
  const { value, source } = key;
  const privateKey = `is a private key: give ${what} (<name>+<key id>+<key data>, e.g. the .pub file)`;
  // Never echoed, not even as a file name: a private key is a secret.
  if (isPrivateKey(value)) throw new CliError(`${command}: ${source} ${privateKey}`, EXIT_USAGE);
  const asText = read(value.trim());
  if ('keys' in asText) return asText.keys;
  let fileText: string;
  try {
    fileText = readFileSync(value, 'utf8');
  } catch (error) {
    throw new CliError(
      `${command}: ${source} is neither a verifier key (${asText.problem}) ` +
        `nor a readable file (${(error as Error).message})`,
      EXIT_USAGE,
    );
  }
  if (isPrivateKey(fileText)) {
    throw new CliError(`${command}: ${source}: ${value} ${privateKey}`, EXIT_USAGE);
  }
  const inFile = read(fileText.trim());
  if ('keys' in inFile) return inFile.keys;
  throw new CliError(
    `${command}: ${source}: ${value} holds no verifier key: ${inFile.problem}`,
    EXIT_USAGE,
  );
}

/** The key `parse` makes of `text`, or the parser's reason. */
function parsed<K>(text: string, parse: (text: string) => K): Reading<K> {
  try {
    return { keys: parse(text) };
  } catch (error) {
    if (error instanceof SignedNoteError) return { problem: error.message };
    throw error;
  }
}

/**
 * The verifier of a log's key given as its text (`<name>+<key id>+<key data>`) or as a file
 * holding that text (the `.pub` file of `authtrail keygen`; surrounding white space is ignored).
 * Neither is a usage error naming what was tried.
 */
export function loadVerifierKey(command: string, key: VerifierKeyValue): Verifier {
  return loadKeys(command, key, "the log's verifier key", (text) => parsed(text, parseVerifierKey));
}

/**
 * The witnesses' verifier keys (C2SP tlog-cosignature, type 0x04), given as their texts separated
 * by white space or commas, or as a file holding them (one a line, say); each key counts once. A
 * key whose name holds a comma is read whole when it is one of the words. None, or anything else,
 * is a usage error naming what was tried.
 */
export function loadWitnessKeys(command: string, key: VerifierKeyValue): WitnessVerifier[] {
  return loadKeys(command, key, "the witnesses' verifier keys", (text) => {
    const words = [...new Set(text.split(/\s+/).filter(Boolean))];
    if (words.length === 0) return { problem: 'it holds no key' };
    const keys: WitnessVerifier[] = [];
    for (const word of words) {
      const whole = parsed(word, parseWitnessVerifierKey);
      const read =
        'keys' in whole || !word.includes(',')
          ? [whole]
          : word
              .split(',')
              .filter(Boolean)
              .map((part) => parsed(part, parseWitnessVerifierKey));
      for (const one of read) {
        if (!('keys' in one)) return one;
        keys.push(one.keys);
      }
    }
    return { keys: uniqueWitnesses(keys) };
  });
}

/** The keys of every value (`--witness-key` given again, say), each witness key once. */
export function loadAllWitnessKeys(
  command: string,
  values: readonly VerifierKeyValue[],
): WitnessVerifier[] {
  return uniqueWitnesses(values.flatMap((value) => loadWitnessKeys(command, value)));
}

/** Each witness key once (by name and key id), in the order first given. */
function uniqueWitnesses(keys: readonly WitnessVerifier[]): WitnessVerifier[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const label = `${key.name}+${key.keyId}`;
    return !seen.has(label) && Boolean(seen.add(label));
  });
}
