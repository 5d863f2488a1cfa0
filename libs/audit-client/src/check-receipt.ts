import {
  hex32,
  InvalidSignatureError,
  openNote,
  parseCheckpoint,
  parseProof,
  SignedNoteError,
  UnverifiedNoteError,
  type Proof,
  type Verifier,
} from '@authtrail/signed-note';
import { pathLeadsToRoot } from './audit-path';
import { MalformedReceiptError, ReceiptError } from './receipt-errors';

/** What a receipt that holds proves: the entry of `seq` is in the log `origin` of `size` entries. */
export interface CheckedReceipt {
  readonly seq: number;
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The entry's canonical text: the leaf the receipt proves. */
  readonly entryText: string;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a receipt (c2sp.org/tlog-proof) offline: its checkpoint must be signed by `verifier`'s
 * key and name that key as its origin, and its audit path must lead from the entry's leaf to the
 * checkpoint's root; the entry text (`entryText`, else the receipt's `extra`) must hold the seq
 * of the receipt's index (index + 1). A check that fails is a ReceiptError naming it; a receipt
 * that cannot be read is a MalformedReceiptError.
 */
export function checkReceipt(text: string, verifier: Verifier, entryText?: string): CheckedReceipt {
  const proof = readProof(text);
  const { origin, size, rootHash } = openCheckpoint(proof.checkpoint, verifier);
  if (origin !== verifier.name) {
    throw new ReceiptError(
      `the checkpoint's origin "${origin}" is not the key's name "${verifier.name}"`,
    );
  }
  if (proof.index >= size) {
    throw new ReceiptError(`index ${proof.index} is not in the checkpoint's tree of size ${size}`);
  }
  const entry = chooseEntryText(proof, entryText);
  if (!pathLeadsToRoot(entry, proof.index, size, proof.hashes, rootHash)) {
    throw new ReceiptError(
      `the audit path (${proof.hashes.length} hashes) does not lead from the entry at index ` +
        `${proof.index} to the root of the checkpoint at size ${size}: the entry or the path ` +
        'was altered, or the path is of another tree size',
    );
  }
  const seq = proof.index + 1;
  const stated = seqOf(entry);
  if (stated !== seq) {
    throw new ReceiptError(
      `the entry text's seq is ${stated}, but index ${proof.index} is seq ${seq}`,
    );
  }
  return { seq, origin, size, rootHash, entryText: entry };
}

function readProof(text: string): Proof {
  try {
    return parseProof(text);
  } catch (error) {
    if (error instanceof SignedNoteError)
      throw new MalformedReceiptError(`not a receipt: ${error.message}`);
    throw error;
  }
}

/** The checkpoint of the signed note, once `verifier`'s signature on it verifies. */
function openCheckpoint(note: string, verifier: Verifier) {
  const key = `${verifier.name}+${hex32(verifier.keyId)}`;
  try {
    return parseCheckpoint(openNote(note, [verifier]).text);
  } catch (error) {
    if (error instanceof InvalidSignatureError) {
      throw new ReceiptError(`the checkpoint's signature by ${key} does not verify`);
    }
    if (error instanceof UnverifiedNoteError) {
      const signers = error.unverifiedSignatures.map((sig) => `${sig.name}+${hex32(sig.keyId)}`);
      throw new ReceiptError(
        `the checkpoint is not signed by ${key} (its signatures are by ${signers.join(', ')})`,
      );
    }
    if (error instanceof SignedNoteError)
      throw new MalformedReceiptError(`not a receipt: ${error.message}`);
    throw error;
  }
}

/** The entry text to check: the caller's, which must then be the receipt's own when it has one. */
function chooseEntryText(proof: Proof, given: string | undefined): string {
  let extra: string | undefined;
  if (proof.extra !== undefined) {
    try {
      extra = STRICT_UTF8.decode(proof.extra);
    } catch {
      throw new MalformedReceiptError(
        'not a receipt: its extra data (the entry text) is not UTF-8',
      );
    }
  }
  if (given !== undefined && extra !== undefined && given !== extra) {
    throw new ReceiptError("the entry text differs from the receipt's");
  }
  const entry = given ?? extra;
  if (entry === undefined) {
    throw new MalformedReceiptError('the receipt holds no entry text (extra): give the entry text');
  }
  return entry;
}

/** The `seq` member of an entry's JSON text, or a word for its absence. */
function seqOf(entryText: string): number | string {
  try {
    const value = (JSON.parse(entryText) as { seq?: unknown } | null)?.seq;
    return typeof value === 'number' ? value : 'missing';
  } catch {
    return 'missing (the entry text is not JSON)';
  }
}
