import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import {
  parsePrivateKey,
  SignedNoteError,
  verifierKeyOf,
  type Signer,
} from '@authtrail/signed-note';
import { KeyFileError } from './key-file-error';

/** More than any private note key file holds (a key is about 100 bytes). */
export const MAX_KEY_FILE_BYTES = 4096;

/** A signer read from a key file, with the verifier key that checks its signatures. */
export interface KeyFileSigner extends Signer {
  readonly verifierKey: string;
}

/** The mode's permission bits as chmod takes them: `0640`. */
const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/** Opens `path` for reading; non-blocking, or a FIFO would wait for a writer. */
function openForReading(path: string, refuse: (cause: string) => never): number {
  try {
    return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(
      code === 'ENOENT' ? 'no such file' : `cannot open it (${(error as Error).message})`,
    );
  }
}

/** The file's text, once it passed the checks of a private key file (on the file opened). */
function readOwnerOnlyText(path: string, refuse: (cause: string) => never): string {
  const fd = openForReading(path, refuse);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) refuse('is a directory, not a key file');
    if (!stat.isFile()) refuse('is not a regular file');
    if ((stat.mode & 0o077) !== 0) {
      refuse(
        `group or others have access to it (mode ${octal(stat.mode)}); a private key must be owner-only: chmod 600 ${path}`,
      );
    }
    if (stat.size > MAX_KEY_FILE_BYTES) {
      refuse(`${stat.size} bytes, more than a private key file holds (${MAX_KEY_FILE_BYTES})`);
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The signer of the private note key in the file `path` (`what` names it in errors, e.g.
 * `signing key`). Refuses with a KeyFileError naming the file: a missing file, a directory or
 * another non-regular file, a file group or others may use (its mode and the fix are named), a
 * file over 4 KiB, and text other than one private key on one line (a trailing newline is
 * allowed). No message holds the file's text.
 */
export function readPrivateKeyFile(path: string, what: string): KeyFileSigner {
  const refuse = (cause: string): never => {
    throw new KeyFileError(`${what} ${path}: ${cause}`, path);
  };
  const text = readOwnerOnlyText(path, refuse).replace(/\r?\n$/, '');
  if (text.includes('\n')) refuse('not a private note key: more than one line');
  try {
    return { ...parsePrivateKey(text), verifierKey: verifierKeyOf(text) };
  } catch (error) {
    if (!(error instanceof SignedNoteError)) throw error;
    return refuse(`not a private note key: ${error.message}`);
  }
}
