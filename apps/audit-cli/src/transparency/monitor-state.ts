import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Verifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import {
  CheckpointNoteError,
  keyLabel,
  openCheckpoint,
  type SignedCheckpoint,
} from './checkpoint-note';

/** The file in the state dir holding the last verified signed note. */
export const STATE_FILE = 'checkpoint';

/** Owner-only: the dir and the file say what the monitor trusts. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * The monitor's memory: `<dir>/checkpoint`, the signed note of the last checkpoint it verified.
 * It is replaced atomically (a temporary file written, synced and renamed over it), so a crash
 * leaves the old note or the new one, never part of one. A file that is not a checkpoint the key
 * signed is an error naming it, and is left as it is.
 */
export class MonitorState {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = join(dir, STATE_FILE);
  }

  /** The last verified checkpoint; undefined when none was stored yet. */
  read(verifier: Verifier): SignedCheckpoint | undefined {
    let note: string;
    try {
      note = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CliError(`cannot read the state file ${this.file}: ${(error as Error).message}`);
    }
    try {
      return openCheckpoint(note, verifier);
    } catch (error) {
      if (!(error instanceof CheckpointNoteError)) throw error;
      throw new CliError(
        `the state file ${this.file} is not a checkpoint signed by ${keyLabel(verifier)}: ` +
          `${error.message}; it was left as it is (move it away to trust the log's newest ` +
          'checkpoint again)',
      );
    }
  }

  /** Stores `note` as the last verified checkpoint, creating the dir (owner-only) if need be. */
  write(note: string): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
      const temp = join(this.dir, `.${STATE_FILE}.${randomBytes(6).toString('hex')}.tmp`);
      writeSynced(temp, note);
      try {
        renameSync(temp, this.file);
      } catch (error) {
        unlinkSync(temp);
        throw error;
      }
      syncDir(this.dir);
    } catch (error) {
      throw new CliError(`cannot write the state file ${this.file}: ${(error as Error).message}`);
    }
  }
}

/** Creates `path` (owner-only) holding `text`, on disk before it returns; none left on failure. */
function writeSynced(path: string, text: string): void {
  const fd = openSync(path, 'wx', FILE_MODE);
  try {
    fchmodSync(fd, FILE_MODE); // whatever the umask
    writeFileSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw error;
  }
  closeSync(fd);
}

/** Makes a rename in `dir` durable. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
