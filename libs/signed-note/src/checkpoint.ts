import { decodeBase64, encodeBase64 } from './base64';
import { isCount, parseDecimal } from './decimal';
import { MalformedCheckpointError } from './errors';
import { noteCharsProblem } from './note-text';

/**
 * The text of a transparency log checkpoint (c2sp.org/tlog-checkpoint): the origin, the tree
 * size in decimal, the base64 of the RFC 6962 root hash, then optional extension lines, each
 * line ending in a newline. The text is what a log signs with signNote.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

/** A SHA-256 root hash is 32 bytes. */
export const HASH_SIZE = 32;

/** The note text of `checkpoint`. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  checkLine('the origin', origin);
  extensions.forEach((line) => checkLine('an extension line', line));
  if (!isCount(size)) throw new MalformedCheckpointError(`bad tree size ${size}`);
  if (rootHash.length !== HASH_SIZE) {
    throw new MalformedCheckpointError(
      `the root hash is ${HASH_SIZE} bytes, not ${rootHash.length}`,
    );
  }
  return [origin, String(size), encodeBase64(rootHash), ...extensions]
    .map((l) => `${l}\n`)
    .join('');
}

/** The checkpoint a note text holds (the text of an opened note, without its signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new MalformedCheckpointError('the text must end in a newline');
  const problem = noteCharsProblem(text);
  if (problem !== undefined) throw new MalformedCheckpointError(`the text ${problem}`);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new MalformedCheckpointError('fewer than three lines');
  if (lines.some((line) => line === '')) throw new MalformedCheckpointError('an empty line');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  const size = parseDecimal(sizeLine);
  if (size === undefined)
    throw new MalformedCheckpointError(`bad tree size ${JSON.stringify(sizeLine)}`);
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    throw new MalformedCheckpointError(`bad root hash ${JSON.stringify(rootLine)}`);
  }
  return extensions.length > 0
    ? { origin, size, rootHash, extensions }
    : { origin, size, rootHash };
}

/** A line of a checkpoint: non-empty, one line, only characters a note may hold. */
function checkLine(what: string, line: string): void {
  const problem =
    line === '' ? 'is empty' : line.includes('\n') ? 'holds a newline' : noteCharsProblem(line);
  if (problem !== undefined) throw new MalformedCheckpointError(`${what} ${problem}`);
}
