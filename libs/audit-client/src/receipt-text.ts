import type { CheckpointReply, InclusionProofReply } from '@authtrail/contracts';
import { isHash } from '@authtrail/merkle';
import {
  decodeBase64,
  formatProof,
  parseCheckpoint,
  SignedNoteError,
  type Checkpoint,
} from '@authtrail/signed-note';
import { pathLeadsToRoot } from './audit-path';
import { ReceiptError } from './receipt-errors';

/** The checkpoint a signed note's text holds (its signatures are not checked here). */
export function checkpointOfNote(note: string): Checkpoint {
  const split = note.lastIndexOf('\n\n');
  try {
    return parseCheckpoint(split < 0 ? note : note.slice(0, split + 1));
  } catch (error) {
    if (!(error instanceof SignedNoteError)) throw error;
    throw new ReceiptError(`the checkpoint is not a signed checkpoint: ${error.message}`);
  }
}

/**
 * The receipt of one log entry (c2sp.org/tlog-proof): its index (seq - 1), its audit path, the
 * signed checkpoint verbatim, and as `extra` the entry's canonical text in UTF-8, the leaf data,
 * so that the receipt alone shows what it proves. Made from the replies of audit.proof.inclusion
 * and of audit.checkpoint for the same tree size; replies that disagree (another size, an index
 * that is not seq - 1, a path that does not lead to the signed root) are refused, so no receipt
 * that cannot verify is handed out. The signature is not checked here: that needs the log's key.
 */
export function receiptText(inclusion: InclusionProofReply, checkpoint: CheckpointReply): string {
  const { seq, index, size } = inclusion;
  const signed = checkpointOfNote(checkpoint.checkpoint);
  if (checkpoint.size !== signed.size) {
    throw new ReceiptError(
      `the checkpoint reply gives size ${checkpoint.size} but its note size ${signed.size}`,
    );
  }
  if (size !== signed.size) {
    throw new ReceiptError(
      `the proof of entry ${seq} is for tree size ${size}, the checkpoint for size ${signed.size}`,
    );
  }
  if (index !== seq - 1) {
    throw new ReceiptError(`the proof of entry ${seq} is for index ${index}, not ${seq - 1}`);
  }
  const hashes = inclusion.hashes.map((text) => {
    const hash = decodeBase64(text);
    if (!isHash(hash))
      throw new ReceiptError(`the proof of entry ${seq} holds a bad hash "${text}"`);
    return hash!;
  });
  if (!pathLeadsToRoot(inclusion.leaf, index, size, hashes, signed.rootHash)) {
    throw new ReceiptError(
      `the proof of entry ${seq} does not lead to the root of the checkpoint at size ${size}`,
    );
  }
  return formatProof({
    index,
    hashes,
    checkpoint: checkpoint.checkpoint,
    extra: new Uint8Array(Buffer.from(inclusion.leaf, 'utf8')),
  });
}
