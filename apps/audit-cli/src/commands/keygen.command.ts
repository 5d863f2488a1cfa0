import { closeSync, fchmodSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { Command } from 'commander';
import { generateKey, InvalidKeyNameError, type KeyPair } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';

/** Owner-only: a signing key others can read signs for them too. */
const PRIVATE_MODE = 0o600;
const PUBLIC_MODE = 0o644;

/**
 * The default file of a key named `name`: the name with every character that is awkward in a
 * file name (`/`, `:`, …) as `_`, then `.key` (`example.com/log` → `example.com_log.key`).
 */
export function keyFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.key`;
}

/** Creates the new file `path` with `mode`; never opens an existing file. */
function createNew(path: string, mode: number): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'wx', mode);
    fchmodSync(fd, mode); // whatever the umask
    return fd;
  } catch (error) {
    if (fd !== undefined) {
      closeSync(fd);
      unlinkSync(path);
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `keygen: ${path} exists: not overwritten (a key is not replaced by accident)`
        : `keygen: cannot write ${path}: ${(error as Error).message}`,
      EXIT_ERROR,
    );
  }
}

/** Writes the key pair's two files, both or neither. */
function writeKeyFiles(file: string, pair: KeyPair): void {
  const privateFd = createNew(file, PRIVATE_MODE);
  let publicFd: number;
  try {
    publicFd = createNew(`${file}.pub`, PUBLIC_MODE);
  } catch (error) {
    closeSync(privateFd);
    unlinkSync(file);
    throw error;
  }
  try {
    writeSync(privateFd, `${pair.privateKey}\n`);
    writeSync(publicFd, `${pair.verifierKey}\n`);
  } catch (error) {
    // A half-written key is no key: leave neither file, so the same command can run again.
    unlinkSync(file);
    unlinkSync(`${file}.pub`);
    throw new CliError(`keygen: cannot write ${file}: ${(error as Error).message}`, EXIT_ERROR);
  } finally {
    closeSync(privateFd);
    closeSync(publicFd);
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
