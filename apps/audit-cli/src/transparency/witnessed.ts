import {
  type Cosignature,
  SignedNoteError,
  verifyCosignatures,
  type WitnessVerifier,
} from '@authtrail/signed-note';
import { describeCheckpoint, keyLabel, type SignedCheckpoint } from './checkpoint-note';

/** The latest time a Date can hold, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

/** A cosignature's time: RFC 3339, or the seconds when no date can hold them. */
const timeOf = (seconds: number): string =>
  seconds * 1000 <= MAX_DATE_MS ? new Date(seconds * 1000).toISOString() : `${seconds} s`;

const cosigner = (cosignature: Cosignature): string =>
  `${keyLabel(cosignature)} at ${timeOf(cosignature.timestamp)}`;

/** Whether the checkpoint is witnessed as asked, and the line that says so. */
export interface WitnessCheck {
  ok: boolean;
  message: string;
}

/**
 * Whether at least `required` of `witnesses` cosigned a checkpoint the log's key opened (C2SP
 * tlog-cosignature). A cosignature by a given witness that does not verify is a failure too; lines
 * of other keys are ignored, and each witness counts once.
 */
export function witnessCheck(
  signed: SignedCheckpoint,
  witnesses: readonly WitnessVerifier[],
  required: number,
): WitnessCheck {
  const what = `the checkpoint of ${describeCheckpoint(signed.checkpoint)}`;
  let cosignatures: Cosignature[];
  try {
    cosignatures = verifyCosignatures(signed.note, witnesses);
  } catch (error) {
    if (!(error instanceof SignedNoteError)) throw error;
    return { ok: false, message: `broken: ${what}: ${error.message}` };
  }
  const by = cosignatures.map(cosigner).join(', ');
  if (cosignatures.length < required) {
    return {
      ok: false,
      message:
        `not witnessed: ${what} has ${cosignatures.length} verified cosignatures of the ` +
        `${required} required${by ? ` (${by})` : ''}; witnesses given: ` +
        witnesses.map(keyLabel).join(', '),
    };
  }
  return {
    ok: true,
    message:
      `ok: ${what} is cosigned by ${cosignatures.length} of the ${witnesses.length} witnesses ` +
      `given (${required} required): ${by}`,
  };
}
