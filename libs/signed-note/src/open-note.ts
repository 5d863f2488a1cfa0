import {
  AmbiguousVerifierError,
  InvalidSignatureError,
  MalformedNoteError,
  NoteSignature,
  UnverifiedNoteError,
} from './errors';
import { Verifier } from './keys';
import { MAX_SIGNATURES, parseSignatureLine, splitNote } from './note-lines';
import { utf8 } from './note-text';

/** A note whose text was verified by at least one known key. */
export interface OpenedNote {
  readonly text: string;
  readonly verifiedSignatures: readonly NoteSignature[];
  readonly unverifiedSignatures: readonly NoteSignature[];
}

export { MAX_SIGNATURES } from './note-lines';

/**
 * The text of a signed note, once a known key's signature on it verifies. A signature by a
 * known key that does not verify refuses the whole note (InvalidSignatureError); signatures by
 * unknown keys are listed unverified; when no known key signed, UnverifiedNoteError (its text
 * must then be ignored). Repeated signatures by one key count once. Two verifiers for one key
 * name and id make a note signed by that key unreadable (AmbiguousVerifierError).
 */
export function openNote(note: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote {
  const { text, lines } = splitNote(note);
  const known = byKey(verifiers);
  const signed = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKeys = new Set<string>();
  const seenUnknownLines = new Set<string>();
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
