import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A folder or file of the host side that is not safe to use; the message says why. */
export class HostFileError extends Error {
  override readonly name = 'HostFileError';
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Creates `dir` (and its parents) owner-only, or checks the one there: a real folder (not a
 * link), owned by this user, that no one else may write. What is in it is trusted (events to
 * publish, processes to end), so a folder another user could write is refused, not used.
 */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    throw new HostFileError(`cannot create ${dir}: ${(error as Error).message}`);
  }
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new HostFileError(`${dir} is not a folder`);
  const uid = process.geteuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new HostFileError(`${dir} belongs to uid ${stat.uid}, not to this user (uid ${uid})`);
  }
  if ((stat.mode & 0o022) !== 0) {
    throw new HostFileError(
      `${dir} may be written by others (mode ${(stat.mode & 0o777).toString(8)}): chmod 700 it`,
    );
  }
}

/**
 * Writes `content` to `path` whole or not at all: an owner-only temporary file beside it, flushed
 * to disk, then renamed over it (a reader sees the old file or the new one, never a part), and
 * the folder flushed too.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.tmp-${randomBytes(8).toString('hex')}`);
  const fd = openSync(temporary, 'wx', FILE_MODE);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd); // the rename itself survives a crash
  } finally {
    closeSync(dirFd);
  }
}

/** Removes a file; one already gone is not an error (another sender or closer got there first). */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
