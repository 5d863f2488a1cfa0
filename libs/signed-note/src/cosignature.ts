import { parseCheckpoint } from './checkpoint';
import { cosignedMessage, readTimestamped, timestamped } from './cosigned-message';
import { decodeBase64 } from './base64';
import { isCount } from './decimal';
import {
  InvalidSignerError,
  InvalidTimestampError,
  NoteSignature,
  UnverifiedNoteError,
} from './errors';
import { COSIGNATURE_V1 } from './key-id';
import { checkSignerName, formatSignatureLine } from './note-lines';
import { utf8 } from './note-text';
import { openNote } from './open-note';
import { WitnessSigner, WitnessVerifier } from './witness-keys';

/**
 * Cosignatures (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1): a witness's statement that,
 * as of its timestamp, the checkpoint is the largest consistent tree it has seen of the log
 * named by the origin line. A cosignature is one more signature line on the log's signed note.
 */

/** A witness's cosignature that verified: its key, its time (seconds since the epoch), its line's base64. */
export interface Cosignature extends NoteSignature {
  readonly timestamp: number;
}

/**
 * The signature line, ending in a newline, of `witness`'s cosignature of the checkpoint text
 * `checkpointText` (the note text, without signatures) at `timestamp`, in whole seconds since
 * the epoch. Add it to the log's signed note with addSignatureLines.
 */
export function cosign(checkpointText: string, witness: WitnessSigner, timestamp: number): string {
  parseCheckpoint(checkpointText);
  if (!isCount(timestamp)) throw new InvalidTimestampError(timestamp);
  if (witness.keyType !== COSIGNATURE_V1) {
    throw new InvalidSignerError(`${witness.name} is not a witness key (cosignature/v1)`);
  }
  checkSignerName(witness.name);
  const signature = witness.sign(cosignedMessage(utf8(checkpointText), timestamp));
  return formatSignatureLine(witness.name, witness.keyId, timestamped(timestamp, signature));
}

/**
 * The cosignatures on a signed note by the given witnesses, in the note's order, once per
 * witness; lines of other keys (the log's, unknown witnesses') are ignored. As openNote does, a
 * cosignature by a given witness that does not verify refuses the whole note
 * (InvalidSignatureError). This checks the witnesses only: open the note with the log's key too,
 * since a cosignature says nothing of a text the log did not sign.
 */
export function verifyCosignatures(
  note: string | Uint8Array,
  witnesses: readonly WitnessVerifier[],
): Cosignature[] {
  try {
    return openNote(note, witnesses).verifiedSignatures.map((signature) => ({
      ...signature,
      timestamp: timestampOf(signature),
    }));
  } catch (error) {
    if (error instanceof UnverifiedNoteError) return [];
    throw error;
  }
}

/** The timestamp of a verified cosignature's line. */
function timestampOf(signature: NoteSignature): number {
  const bytes = decodeBase64(signature.base64);
  const parts = bytes === undefined ? undefined : readTimestamped(bytes.subarray(4));
  if (parts === undefined)
    throw new Error(`${signature.name}: a verified cosignature is timestamped`);
  return parts.timestamp;
}
