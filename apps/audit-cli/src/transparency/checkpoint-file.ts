import { readFileSync } from 'node:fs';
import { parseProof, PROOF_HEADER, SignedNoteError } from '@authtrail/signed-note';

/** A file that holds no signed checkpoint to read; the message says why. */
export class CheckpointFileError extends Error {}

/**
 * The signed checkpoint note a file holds: the file itself (as a monitor's state keeps it, or as
 * `audit checkpoint` prints it), or the checkpoint of a receipt (c2sp.org/tlog-proof). Not
 * checked here: open it with the log's key.
 */
export function checkpointInFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CheckpointFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (!text.startsWith(`${PROOF_HEADER}\n`)) return text;
  try {
    return parseProof(text).checkpoint;
  } catch (error) {
    if (!(error instanceof SignedNoteError)) throw error;
    throw new CheckpointFileError(`${path} is not a receipt: ${error.message}`);
  }
}
