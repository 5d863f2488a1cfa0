import { decodeBase64, encodeBase64 } from './base64';
import { InvalidSignerError, MalformedNoteError, NoteSignature } from './errors';
import { isValidKeyName } from './key-name';
import { decodeUtf8, noteCharsProblem } from './note-text';

/**
 * The parts of a signed note (c2sp.org/signed-note): the text, a blank line, then signature
 * lines `— <name> <base64(key id ‖ signature)>`, each ending in a newline.
 */

/** What starts a signature line: an em dash (U+2014) and a space. */
export const SIGNATURE_PREFIX = '\u2014 ';

/** More signature lines than this make the note malformed: checking them would cost too much. */
export const MAX_SIGNATURES = 100;

/** A signed note's text (with its final newline) and its signature lines (without theirs). */
export interface NoteParts {
  readonly text: string;
  readonly lines: readonly string[];
}

/** The parts of a note, once it holds only characters a note may hold and has a signature block. */
export function splitNote(note: string | Uint8Array): NoteParts {
  const message = typeof note === 'string' ? note : decodeUtf8(note);
  if (message === undefined) throw new MalformedNoteError('not valid UTF-8');
  const problem = noteCharsProblem(message);
  if (problem !== undefined) throw new MalformedNoteError(`the note ${problem}`);

  // The text ends at the last blank line; the signature lines follow it, each ending in a newline.
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no blank line before the signatures');
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw new MalformedNoteError('the signatures must be lines ending in a newline');
  }
  return { text: message.slice(0, split + 1), lines: block.slice(0, -1).split('\n') };
}

/** One `— <name> <base64(key id ‖ signature)>` line (without its newline), read. */
export function parseSignatureLine(line: string): {
  signature: NoteSignature;
  bytes: Uint8Array;
} {
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    throw new MalformedNoteError('a signature line starts with an em dash and a space');
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const base64 = space < 0 ? '' : rest.slice(space + 1);
  const bytes = decodeBase64(base64);
  if (!isValidKeyName(name) || bytes === undefined || bytes.length < 5) {
    throw new MalformedNoteError(`bad signature line ${JSON.stringify(line)}`);
  }
  const keyId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
  return { signature: { name, keyId, base64 }, bytes };
}

/** The signature line, with its newline, of `signature` by the key `name` with id `keyId`. */
export function formatSignatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const bytes = new Uint8Array(4 + signature.length);
  new DataView(bytes.buffer).setUint32(0, keyId >>> 0);
  bytes.set(signature, 4);
  return `${SIGNATURE_PREFIX}${name} ${encodeBase64(bytes)}\n`;
}

/** An InvalidSignerError unless `name` may name a key. */
export function checkSignerName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new InvalidSignerError(`invalid signer name ${JSON.stringify(name)}`);
  }
}
