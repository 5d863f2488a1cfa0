import { closeSync, fchmodSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { KeyPair } from '@authtrail/signed-note';
import { KeyFileError } from './key-file-error';

/** Owner-only: a signing key others can read signs for them too. */
const PRIVATE_MODE = 0o600;
const PUBLIC_MODE = 0o644;

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
    throw new KeyFileError(
      code === 'EEXIST'
        ? `${path} exists: not overwritten (a key is not replaced by accident)`
        : `cannot write ${path}: ${(error as Error).message}`,
      path,
    );
  }
}

/**
 * Writes a key pair: the private key to the new file `file` (mode 0600), the verifier key to the
 * new file `<file>.pub` (0644), each on one line. Both or neither: when either file exists, or a
 * write fails, it leaves neither behind and throws a KeyFileError naming the file.
 */
export function writeKeyPairFiles(file: string, pair: KeyPair): void {
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
    fsyncSync(privateFd);
    fsyncSync(publicFd);
  } catch (error) {
    // A half-written key is no key: leave neither file, so the same write can be tried again.
    unlinkSync(file);
    unlinkSync(`${file}.pub`);
    throw new KeyFileError(`cannot write ${file}: ${(error as Error).message}`, file);
  } finally {
    closeSync(privateFd);
    closeSync(publicFd);
  }
}
