import { sameHash, verifyConsistency } from '@authtrail/merkle';
import type { Checkpoint, Verifier } from '@authtrail/signed-note';
import {
  CheckpointNoteError,
  describeCheckpoint,
  openCheckpoint,
  refusedCheckpoint,
  rootText,
  type SignedCheckpoint,
} from './checkpoint-note';

/** The hashes of the log's proof that its tree of `toSize` leaves extends the one of `fromSize`. */
export type ConsistencyFetcher = (
  fromSize: number,
  toSize: number,
) => Promise<readonly Uint8Array[]>;

/** What the monitor makes of the newest checkpoint; `message` is the line it prints. */
export type MonitorOutcome =
  /** Nothing was verified before: the checkpoint is trusted on first use and is to be stored. */
  | { kind: 'first'; current: SignedCheckpoint; message: string }
  /** The same size and root as the checkpoint verified before. */
  | { kind: 'unchanged'; current: SignedCheckpoint; message: string }
  /** A larger tree that the log proved extends the one verified before: to be stored. */
  | { kind: 'advanced'; current: SignedCheckpoint; message: string }
  /** The log signed a tree that is not the verified one's extension, or a note the key refuses. */
  | { kind: 'inconsistent'; message: string };

export interface MonitorInput {
  /** The checkpoint verified last, if any. */
  stored: SignedCheckpoint | undefined;
  /** The newest signed note the log published. */
  note: string;
  verifier: Verifier;
  /** Asked only when the tree grew. */
  proof: ConsistencyFetcher;
}

const sizeAndRoot = (checkpoint: Checkpoint): string =>
  `size ${checkpoint.size} (root ${rootText(checkpoint.rootHash)})`;

/**
 * One step of a log monitor: compares the newest signed checkpoint with the one verified before.
 * A log only grows, and each of its trees extends the last: a smaller size, another root at the
 * same size, a consistency proof that fails, or a note the key does not open (a bad signature,
 * another key, another origin) is an inconsistency, named with both sizes and roots.
 */
export async function monitorStep(input: MonitorInput): Promise<MonitorOutcome> {
  const { stored, note, verifier } = input;
  const before = stored
    ? `the last verified is ${sizeAndRoot(stored.checkpoint)}`
    : 'none was verified before';
  let current: SignedCheckpoint;
  try {
    current = openCheckpoint(note, verifier);
  } catch (error) {
    if (!(error instanceof CheckpointNoteError)) throw error;
    const refused = refusedCheckpoint('the newest checkpoint', note, verifier, error);
    return { kind: 'inconsistent', message: `inconsistent: ${refused}; ${before}` };
  }
  const now = current.checkpoint;
  if (!stored) {
    return {
      kind: 'first',
      current,
      message: `first checkpoint: ${describeCheckpoint(now)}, trusted on first use and stored`,
    };
  }
  const old = stored.checkpoint;
  if (now.size < old.size) {
    return {
      kind: 'inconsistent',
      message:
        `inconsistent: ${now.origin} signed ${sizeAndRoot(now)} after ${sizeAndRoot(old)}: ` +
        'a log only grows',
    };
  }
  if (now.size === old.size) {
    if (sameHash(now.rootHash, old.rootHash)) {
      return { kind: 'unchanged', current, message: `unchanged: ${describeCheckpoint(now)}` };
    }
    return {
      kind: 'inconsistent',
      message:
        `inconsistent: ${now.origin} signed two roots at size ${now.size}: ` +
        `${rootText(old.rootHash)} (verified before) and ${rootText(now.rootHash)}`,
    };
  }
  // every tree extends the empty one (RFC 9162 §2.1.4): there is nothing to prove
  const consistent =
    old.size === 0 ||
    verifyConsistency(
      old.size,
      now.size,
      old.rootHash,
      now.rootHash,
      await input.proof(old.size, now.size),
    );
  if (!consistent) {
    return {
      kind: 'inconsistent',
      message:
        `inconsistent: ${now.origin}'s proof that ${sizeAndRoot(now)} extends ` +
        `${sizeAndRoot(old)} does not verify`,
    };
  }
  return {
    kind: 'advanced',
    current,
    message:
      `advanced: ${now.origin} from ${sizeAndRoot(old)} to ${sizeAndRoot(now)}, ` +
      'consistency proof verified',
  };
}
