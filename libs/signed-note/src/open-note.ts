import { decodeBase64 } from './base64';
import {
  AmbiguousVerifierError,
  InvalidSignatureError,
  MalformedNoteError,
  NoteSignature,
  UnverifiedNoteError,
} from './errors';
import { isValidKeyName } from './key-name';
import { Verifier } from './keys';
import { decodeUtf8, noteCharsProblem, utf8 } from './note-text';
import { SIGNATURE_PREFIX } from './sign-note';

/** A note whose text was verified by at least one known key. */
export interface OpenedNote {
  readonly text: string;
  readonly verifiedSignatures: readonly NoteSignature[];
  readonly unverifiedSignatures: readonly NoteSignature[];
}

/** More signature lines than this make the note malformed: checking them would cost too much. */
export const MAX_SIGNATURES = 100;

/**
 * The text of a signed note, once a known key's signature on it verifies. A signature by a
 * known key that does not verify refuses the whole note (InvalidSignatureError); signatures by
 * unknown keys are listed unverified; when no known key signed, UnverifiedNoteError (its text
 * must then be ignored). Repeated signatures by one key count once. Two verifiers for one key
 * name and id make a note signed by that key unreadable (AmbiguousVerifierError).
 */
export function openNote(note: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote {
  const message = typeof note === 'string' ? note : decodeUtf8(note);
  if (message === undefined) throw new MalformedNoteError('not valid UTF-8');
  const problem = noteCharsProblem(message);
  if (problem !== undefined) throw new MalformedNoteError(`the note ${problem}`);

  // The text ends at the last blank line; the signature lines follow it, each ending in a newline.
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw new MalformedNoteError('the signatures must be lines ending in a newline');
  }

  const known = byKey(verifiers);
  const signed = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKeys = new Set<string>();
  const seenUnknownLines = new Set<string>();
  const lines = block.slice(0, -1).split('\n');
  lines.forEach((line, count) => {
    const { signature, bytes } = parseSignatureLine(line);
    if (count + 1 > MAX_SIGNATURES) {
      throw new MalformedNoteError(`more than ${MAX_SIGNATURES} signatures`);
    }
    const key = keyOf(signature.name, signature.keyId);
    const candidates = known.get(key);
    if (candidates === undefined) {
      if (!seenUnknownLines.has(line)) unverified.push(signature);
      seenUnknownLines.add(line);
      return;
    }
    if (candidates.length > 1) throw new AmbiguousVerifierError(signature.name, signature.keyId);
    if (seenKeys.has(key)) return;
    seenKeys.add(key);
    if (!candidates[0].verify(signed, bytes.subarray(4))) {
      throw new InvalidSignatureError(signature.name, signature.keyId);
    }
    verified.push(signature);
  });

  if (verified.length === 0) throw new UnverifiedNoteError(text, unverified);
  return { text, verifiedSignatures: verified, unverifiedSignatures: unverified };
}

/** One `— <name> <base64(key id ‖ signature)>` line. */
function parseSignatureLine(line: string): { signature: NoteSignature; bytes: Uint8Array } {
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

/** The verifiers given for each key name and id. */
function byKey(verifiers: readonly Verifier[]): Map<string, Verifier[]> {
  const map = new Map<string, Verifier[]>();
  for (const verifier of verifiers) {
    const key = keyOf(verifier.name, verifier.keyId);
    map.set(key, [...(map.get(key) ?? []), verifier]);
  }
  return map;
}

/** A key name and id as one map key ('+' never occurs in a key name). */
const keyOf = (name: string, keyId: number): string => `${name}+${keyId >>> 0}`;
