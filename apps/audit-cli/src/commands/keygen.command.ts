import { Command } from 'commander';
import { KeyFileError, writeKeyPairFiles } from '@authtrail/key-files';
import { generateKey, InvalidKeyNameError, type KeyPair } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';

/**
 * The default file of a key named `name`: the name with every character that is awkward in a
 * file name (`/`, `:`, …) as `_`, then `.key` (`example.com/log` → `example.com_log.key`).
 */
export function keyFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.key`;
}

/** Writes the key pair's two files (both or neither); a failure is the CLI's error, exit 1. */
function writeKeyFiles(file: string, pair: KeyPair): void {
  try {
    writeKeyPairFiles(file, pair);
  } catch (error) {
    if (error instanceof KeyFileError) throw new CliError(`keygen: ${error.message}`, EXIT_ERROR);
    throw error;
  }
}

/**
 * `authtrail keygen <name> [--out <file>]`: a new Ed25519 key pair in the signed-note key formats
 * (C2SP signed-note, as Go's golang.org/x/mod/sumdb/note writes them). The private key goes to
 * `<file>` (owner-only), the verifier key to `<file>.pub` and to standard output.
 */
export function keygenCommand(print: (text: string) => void): Command {
  return new Command('keygen')
    .description('write a new signing key pair (C2SP signed-note Ed25519 keys)')
    .argument(
      '<name>',
      'the key name: the origin of the checkpoints it signs, e.g. example.com/log',
    )
    .option('--out <file>', 'where to write the private key (default: <name>.key)')
    .exitOverride()
    .action((name: string, flags: { out?: string }) => {
      let pair: KeyPair;
      try {
        pair = generateKey(name);
      } catch (error) {
        if (error instanceof InvalidKeyNameError) {
          throw new CliError(`keygen: ${error.message}`, EXIT_USAGE);
        }
        throw error;
      }
      const file = flags.out ?? keyFileName(name);
      writeKeyFiles(file, pair);
      process.stderr.write(
        `keygen: private key in ${file} (owner-only), verifier key in ${file}.pub\n`,
      );
      print(pair.verifierKey);
    });
}
