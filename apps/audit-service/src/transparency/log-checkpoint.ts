import { openNote, parseCheckpoint, SignedNoteError, type Verifier } from '@authtrail/signed-note';

/** A checkpoint of the witnessed log: its signed note, opened with the log's key. */
export interface LogCheckpoint {
  /** The signed note as it came. */
  readonly note: string;
  /** The checkpoint text: what the log signed, and what a witness cosigns. */
  readonly text: string;
  readonly size: number;
  readonly root: Uint8Array;
}

/**
 * The checkpoint in `note` once the log's key (`log`) signed it and its origin is the key's name;
 * otherwise why it is not one (a note that is malformed, unsigned by the key, badly signed, or not
 * a checkpoint of this origin). Pure.
 */
export function readLogCheckpoint(
  note: string,
  log: Verifier,
): LogCheckpoint | { refused: string } {
  try {
    const { text } = openNote(note, [log]);
    const { origin, size, rootHash } = parseCheckpoint(text);
    if (origin !== log.name) return { refused: `its origin is ${origin}, not ${log.name}` };
    return { note, text, size, root: rootHash };
  } catch (error) {
    if (error instanceof SignedNoteError) return { refused: error.message };
    throw error;
  }
}
