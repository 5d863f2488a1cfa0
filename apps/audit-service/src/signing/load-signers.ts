import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  KeyFileError,
  readPrivateKeyFile,
  writeKeyPairFiles,
  type KeyFileSigner,
} from '@authtrail/key-files';
import { generateKey } from '@authtrail/signed-note';
import type { ServiceConfig } from '../config/service-config';
import { defaultKeyName } from './default-key-name';
import type { Signers } from './signers.provider';

/** Creates the key pair `file` and `file.pub`, named for this host; errors name the key file. */
function createSigningKey(file: string): KeyFileSigner {
  try {
    writeKeyPairFiles(file, generateKey(defaultKeyName(hostname())));
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    throw new KeyFileError(
      `signing key ${file} is missing and cannot be created: ${error.message}`,
      file,
    );
  }
  return readPrivateKeyFile(file, 'signing key');
}

/**
 * Reads the service's keys at start: the log's signing key (created, when it is the default one
 * and missing) and the witness's, when configured. `say` gets a line for each, naming its file
 * and its verifier key (public); the private keys are never said. A key file that cannot be used
 * is a KeyFileError naming it.
 */
export function loadSigners(
  config: Pick<ServiceConfig, 'signingKey' | 'witnessKeyFile'>,
  say: (line: string) => void,
): Signers {
  const { file, createWhenMissing } = config.signingKey;
  let log: KeyFileSigner;
  if (createWhenMissing && !existsSync(file)) {
    log = createSigningKey(file);
    say(`created signing key ${file}; verifier key: ${log.verifierKey}`);
  } else {
    const what = createWhenMissing ? 'signing key' : 'signing key (AUTHTRAIL_SIGNING_KEY_FILE)';
    log = readPrivateKeyFile(file, what);
    say(`signing key ${file}; verifier key: ${log.verifierKey}`);
  }
  if (config.witnessKeyFile === undefined) return { log, witness: null };
  const witness = readPrivateKeyFile(
    config.witnessKeyFile,
    'witness key (AUTHTRAIL_WITNESS_KEY_FILE)',
  );
  say(`witness key ${config.witnessKeyFile}; verifier key: ${witness.verifierKey}`);
  return { log, witness };
}
