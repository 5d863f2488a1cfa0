import { concat, equalBytes, fromBase64, sha256, toHex, utf8 } from './bytes.js';

/** A C2SP signed note's verifier key: "<name>+<key hash hex>+<base64(0x01 || Ed25519 key)>". */
export interface NoteVerifier {
  name: string;
  keyHash: Uint8Array;
  publicKey: Uint8Array;
}

/** One signature line of a note: "— <name> <base64(key hash || signature)>". */
export interface NoteSignature {
  name: string;
  keyHash: Uint8Array;
  signature: Uint8Array;
}

/** A tlog-checkpoint: origin, size and root hash (the note's first three lines). */
export interface CheckpointBody {
  origin: string;
  size: number;
  root: Uint8Array;
}

const ED25519 = 0x01;

/** Parses a verifier key; throws an Error saying what is wrong. */
export async function parseVerifierKey(text: string): Promise<NoteVerifier> {
  // The key's base64 may hold "+" too: the name ends at the first, the hash at the second.
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) throw new Error('not a verifier key (name+hash+key)');
  const [, name, hashHex, keyText] = match;
  const key = fromBase64(keyText);
  if (key.length !== 33 || key[0] !== ED25519) throw new Error('not an Ed25519 verifier key');
  const keyHash = (await sha256(concat(utf8(`${name}\n`), key))).slice(0, 4);
  if (toHex(keyHash) !== hashHex) throw new Error("the key's hash does not match its name and key");
  return { name, keyHash, publicKey: key.slice(1) };
}

/** Splits a signed note into its text (ending in a newline) and its signature lines. */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } {
  const at = note.lastIndexOf('\n\n');
  if (at < 0) throw new Error('not a signed note: no blank line before the signatures');
  const text = note.slice(0, at + 1);
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(at + 2).split('\n')) {
    if (line === '') continue;
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a signature line: ${line.slice(0, 80)}`);
    const bytes = fromBase64(match[2]);
    if (bytes.length < 5) throw new Error(`signature of ${match[1]} too short`);
    signatures.push({ name: match[1], keyHash: bytes.slice(0, 4), signature: bytes.slice(4) });
  }
  return { text, signatures };
}

/** The checkpoint a note's text holds. */
export function readCheckpoint(text: string): CheckpointBody {
  const [origin, size, root] = text.split('\n');
  if (!origin || !/^\d+$/.test(size ?? '') || !root) throw new Error('not a checkpoint');
  return { origin, size: Number(size), root: fromBase64(root) };
}

/**
 * Whether `note` carries a valid Ed25519 signature by `verifier` (the line with its name and
 * key hash, checked with Web Crypto over the note's text).
 */
export async function noteSignedBy(note: string, verifier: NoteVerifier): Promise<boolean> {
  const { text, signatures } = splitNote(note);
  const line = signatures.find(
    (s) => s.name === verifier.name && equalBytes(s.keyHash, verifier.keyHash),
  );
  if (!line || line.signature.length !== 64) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    verifier.publicKey as BufferSource,
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    'Ed25519',
    key,
    line.signature as BufferSource,
    utf8(text) as BufferSource,
  );
}
