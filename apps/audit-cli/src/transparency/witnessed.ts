import {
  type Checkpoint,
  type Cosignature,
  SignedNoteError,
  type Verifier,
  verifyCosignatures,
  type WitnessVerifier,
} from '@authtrail/signed-note';
import {
  CheckpointNoteError,
  describeCheckpoint,
  keyLabel,
  openCheckpoint,
  rootText,
  type SignedCheckpoint,
} from './checkpoint-note';

/** The latest time a Date can hold, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

/** A cosignature's time: RFC 3339, or the seconds when no date can hold them. */
const timeOf = (seconds: number): string =>
  seconds * 1000 <= MAX_DATE_MS ? new Date(seconds * 1000).toISOString() : `${seconds} s`;

/** A witness's newest cosigned checkpoint as the bucket holds it, or why there is none. */
export type CosignedNote = { note: string } | { missing: string };

/**
 * What one witness vouches for, as far as it can be told without the log: a cosignature of the
 * checkpoint itself; one of a later checkpoint the log's key signed, which counts if the log's
 * root at its size is the one it signed; or nothing, and why. `broken` is a note of the log's key
 * that contradicts the checkpoint, or a cosignature by the witness that does not verify.
 */
export type WitnessEvidence =
  | { witness: WitnessVerifier; cosignature: Cosignature; later?: Checkpoint }
  | { witness: WitnessVerifier; problem: string; broken?: boolean };

/** The cosignature of `witness` on `note`, if any; a line of it that does not verify is broken. */
function cosignatureOn(
  note: string,
  witness: WitnessVerifier,
): Cosignature | undefined | { problem: string; broken: true } {
  try {
    return verifyCosignatures(note, [witness])[0];
  } catch (error) {
    if (!(error instanceof SignedNoteError)) throw error;
    return { problem: error.message, broken: true };
  }
}

/**
 * What `witness` vouches for about `signed` (a checkpoint the log's key opened): its cosignature
 * on that note itself, else on its newest cosigned checkpoint (`cosigned`, from the bucket) when
 * the log's key (`log`) signed that note and it is the same checkpoint or a later one. Pure.
 */
export function witnessEvidence(
  signed: SignedCheckpoint,
  witness: WitnessVerifier,
  cosigned: CosignedNote,
  log: Verifier,
): WitnessEvidence {
  const onNote = cosignatureOn(signed.note, witness);
  if (onNote && 'problem' in onNote) return { witness, ...onNote };
  if (onNote) return { witness, cosignature: onNote };
  if ('missing' in cosigned) return { witness, problem: cosigned.missing };
  let theirs: SignedCheckpoint;
  try {
    theirs = openCheckpoint(cosigned.note, log);
  } catch (error) {
    if (!(error instanceof CheckpointNoteError)) throw error;
    return { witness, problem: `its note is not one the log's key signed: ${error.message}` };
  }
  const cosignature = cosignatureOn(theirs.note, witness);
  if (cosignature === undefined) return { witness, problem: 'its note holds no cosignature of it' };
  if ('problem' in cosignature) return { witness, ...cosignature };
  const ours = signed.checkpoint;
  const checkpoint = theirs.checkpoint;
  if (checkpoint.size < ours.size) {
    return { witness, problem: `it cosigned up to size ${checkpoint.size} only` };
  }
  if (checkpoint.size > ours.size) return { witness, cosignature, later: checkpoint };
  if (rootText(checkpoint.rootHash) !== rootText(ours.rootHash)) {
    return {
      witness,
      broken: true,
      problem:
        `it cosigned the checkpoint of ${describeCheckpoint(checkpoint)}, also signed by the ` +
        `log's key: the key signed two trees of size ${ours.size}`,
    };
  }
  return { witness, cosignature };
}

/** The log's root at a size (base64), or why it could not be read. */
export type LogRoot = string | { problem: string };

/** Whether the checkpoint is witnessed as asked, and the line that says so. */
export interface WitnessCheck {
  ok: boolean;
  message: string;
}

/**
 * Whether at least `required` of the witnesses cosigned `signed` (C2SP tlog-cosignature): on the
 * checkpoint itself, or on a later checkpoint of the log's key whose root is the log's at its
 * size (`rootsAt`, from the service; the log matched `signed` too, so the witness's tree holds
 * it). Each witness counts once. Evidence that is broken (a note of the log's key, or the log's
 * root, contradicting another checkpoint of the key; a cosignature that does not verify) fails
 * the check whatever the count. Pure.
 */
export function witnessCheck(
  signed: SignedCheckpoint,
  evidence: readonly WitnessEvidence[],
  rootsAt: ReadonlyMap<number, LogRoot>,
  required: number,
): WitnessCheck {
  const what = `the checkpoint of ${describeCheckpoint(signed.checkpoint)}`;
  const counted: string[] = [];
  const missing: string[] = [];
  for (const item of evidence) {
    const label = keyLabel(item.witness);
    if ('problem' in item) {
      if (item.broken) return { ok: false, message: `broken: ${what}: ${label}: ${item.problem}` };
      missing.push(`${label}: ${item.problem}`);
      continue;
    }
    const at = `${label} at ${timeOf(item.cosignature.timestamp)}`;
    if (!item.later) {
      counted.push(at);
      continue;
    }
    const later = describeCheckpoint(item.later);
    const logRoot = rootsAt.get(item.later.size) ?? { problem: 'not asked' };
    if (typeof logRoot !== 'string') {
      missing.push(`${label}: it cosigned the checkpoint of ${later}: ${logRoot.problem}`);
    } else if (logRoot !== rootText(item.later.rootHash)) {
      return {
        ok: false,
        message:
          `broken: ${what}: ${label} cosigned the checkpoint of ${later}, signed by the log's ` +
          `key, but the log's root at size ${item.later.size} is ${logRoot}`,
      };
    } else {
      counted.push(`${at} (of size ${item.later.size}, which the log matches)`);
    }
  }
  const by = counted.join(', ');
  const given = evidence.map((item) => keyLabel(item.witness)).join(', ');
  if (counted.length < required) {
    return {
      ok: false,
      message:
        `not witnessed: ${what} has ${counted.length} verified cosignatures of the ` +
        `${required} required${by ? ` (${by})` : ''}; witnesses given: ${given}` +
        missing.map((line) => `; ${line}`).join(''),
    };
  }
  return {
    ok: true,
    message:
      `ok: ${what} is cosigned by ${counted.length} of the ${evidence.length} witnesses given ` +
      `(${required} required): ${by}`,
  };
}
