import {
  type Checkpoint,
  hex32,
  openNote,
  parseCheckpoint,
  SignedNoteError,
  type Verifier,
} from '@authtrail/signed-note';

/** A checkpoint whose note the verifier key opened: the note text and what it says. */
export interface SignedCheckpoint {
  readonly note: string;
  readonly checkpoint: Checkpoint;
}

/** A note that is not a checkpoint signed by the key; the message says why. */
export class CheckpointNoteError extends Error {}

/** A verifier key as the note formats name it: `<name>+<hex key id>`. */
export const keyLabel = (key: Pick<Verifier, 'name' | 'keyId'>): string =>
  `${key.name}+${hex32(key.keyId)}`;

/** A root hash as the checkpoint text writes it: standard base64. */
export const rootText = (root: Uint8Array): string => Buffer.from(root).toString('base64');

/** `<origin> at size <n>, root <base64>`. */
export const describeCheckpoint = (checkpoint: Checkpoint): string =>
  `${checkpoint.origin} at size ${checkpoint.size}, root ${rootText(checkpoint.rootHash)}`;

/**
 * The checkpoint in `note`, once the key's signature on it verifies and its origin is the key's
 * name (the log's origin is its signing key's name). Anything else is a CheckpointNoteError.
 */
export function openCheckpoint(note: string, verifier: Verifier): SignedCheckpoint {
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(note, [verifier]).text);
  } catch (error) {
    if (error instanceof SignedNoteError) throw new CheckpointNoteError(error.message);
    throw error;
  }
  if (checkpoint.origin !== verifier.name) {
    throw new CheckpointNoteError(
      `its origin ${JSON.stringify(checkpoint.origin)} is not the key's name ${JSON.stringify(verifier.name)}`,
    );
  }
  return { note, checkpoint };
}

/**
 * What a note claims without checking a signature (`size <n>, root <base64>`), for naming a note
 * that did not open; undefined when its text is no checkpoint.
 */
export function claimedCheckpoint(note: string): string | undefined {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return undefined;
  try {
    const checkpoint = parseCheckpoint(note.slice(0, split + 1));
    return `size ${checkpoint.size}, root ${rootText(checkpoint.rootHash)}`;
  } catch {
    return undefined;
  }
}

/** `<what> (claiming size <n>, root <base64>) is not one the key <name>+<id> signed: <reason>`. */
export function refusedCheckpoint(
  what: string,
  note: string,
  verifier: Verifier,
  error: CheckpointNoteError,
): string {
  const claim = claimedCheckpoint(note);
  return (
    `${what}${claim ? ` (claiming ${claim})` : ''} is not one the key ${keyLabel(verifier)} ` +
    `signed: ${error.message}`
  );
}
