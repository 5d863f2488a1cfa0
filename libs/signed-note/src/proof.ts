import { decodeBase64, encodeBase64 } from './base64';
import { HASH_SIZE, parseCheckpoint } from './checkpoint';
import { isCount, parseDecimal } from './decimal';
import { MalformedProofError, SignedNoteError } from './errors';
import { noteCharsProblem } from './note-text';

/**
 * An offline-verifiable receipt that an entry is in the log (c2sp.org/tlog-proof): the entry's
 * index, its RFC 6962 inclusion proof (leaf's sibling first, up to the root's child), the signed
 * checkpoint verbatim, and optional extra data, which is not authenticated.
 */
export interface Proof {
  readonly index: number;
  readonly hashes: readonly Uint8Array[];
  /** The signed checkpoint note; its signatures are checked when it is opened with openNote. */
  readonly checkpoint: string;
  readonly extra?: Uint8Array;
}

/** The first line of every proof. */
export const PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/** The text of `proof`. */
export function formatProof(proof: Proof): string {
  const { index, hashes, checkpoint, extra } = proof;
  if (!isCount(index)) throw new MalformedProofError(`bad index ${index}`);
  if (hashes.some((hash) => hash.length !== HASH_SIZE)) {
    throw new MalformedProofError(`each proof hash is ${HASH_SIZE} bytes`);
  }
  checkSignedCheckpoint(checkpoint);
  const lines = [
    PROOF_HEADER,
    ...(extra === undefined ? [] : [`extra ${encodeBase64(extra)}`]),
    `index ${index}`,
    ...hashes.map(encodeBase64),
  ];
  return `${lines.join('\n')}\n\n${checkpoint}`;
}

/** The proof a text holds. */
export function parseProof(text: string): Proof {
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new MalformedProofError('no blank line before the checkpoint');
  const lines = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  if (lines.shift() !== PROOF_HEADER)
    throw new MalformedProofError(`the first line must be ${PROOF_HEADER}`);
  const extra = lines[0]?.startsWith('extra ') ? decodeBase64(lines.shift()!.slice(6)) : null;
  if (extra === undefined) throw new MalformedProofError('the extra data is not standard base64');
  const indexLine = lines.shift() ?? '';
  const index = indexLine.startsWith('index ') ? parseDecimal(indexLine.slice(6)) : undefined;
  if (index === undefined)
    throw new MalformedProofError(`bad index line ${JSON.stringify(indexLine)}`);
  const hashes = lines.map((line) => {
    const hash = decodeBase64(line);
    if (hash === undefined || hash.length !== HASH_SIZE) {
      throw new MalformedProofError(`bad proof hash ${JSON.stringify(line)}`);
    }
    return hash;
  });
  checkSignedCheckpoint(checkpoint);
  return extra === null ? { index, hashes, checkpoint } : { index, hashes, checkpoint, extra };
}

/** A signed checkpoint: a checkpoint text, a blank line, then signature lines ending in a newline. */
function checkSignedCheckpoint(note: string): void {
  const split = note.lastIndexOf('\n\n');
  const problem = noteCharsProblem(note);
  if (split < 0 || problem !== undefined || !note.endsWith('\n') || note.length === split + 2) {
    throw new MalformedProofError('the checkpoint is not a signed note');
  }
  try {
    parseCheckpoint(note.slice(0, split + 1));
  } catch (error) {
    if (error instanceof SignedNoteError) throw new MalformedProofError(error.message);
    throw error;
  }
}
