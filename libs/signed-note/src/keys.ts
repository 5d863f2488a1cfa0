import { signEd25519, verifyEd25519 } from './ed25519';
import { ED25519 } from './key-id';
import { formatKeyPair, KeyPair, randomKeyPair, readPrivateKey, readVerifierKey } from './key-text';

export type { KeyPair } from './key-text';

/**
 * Note keys in their text forms (c2sp.org/signed-note, as golang.org/x/mod/sumdb/note):
 * private `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`, verifier
 * `<name>+<hex key id>+<base64(0x01 ‖ public key)>`.
 */

/** Signs note texts with one key. */
export interface Signer {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

/** Checks signatures by one key. */
export interface Verifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** What a note key's type byte must be, in the words of the errors. */
const NOTE_KEY = 'Ed25519 (0x01)';

/** A fresh Ed25519 key pair named `name`. */
export const generateKey = (name: string): KeyPair => randomKeyPair(ED25519, name);

/** The key pair of a 32-byte Ed25519 seed named `name`. */
export const keyPairOf = (name: string, seed: Uint8Array): KeyPair =>
  formatKeyPair(ED25519, name, seed);

/** The signer of a private key's text. */
export function parsePrivateKey(text: string): Signer {
  const { name, keyId, privateKey } = readPrivateKey(text, [ED25519], NOTE_KEY);
  return { name, keyId, sign: (message) => signEd25519(privateKey, message) };
}

/** The verifier key of a private key's text: the one written beside it when it was made. */
export function verifierKeyOf(text: string): string {
  const { name, key } = readPrivateKey(text, [ED25519], NOTE_KEY);
  return keyPairOf(name, key).verifierKey;
}

/** The verifier of a verifier key's text. */
export function parseVerifierKey(text: string): Verifier {
  const { name, keyId, publicKey } = readVerifierKey(text, ED25519, NOTE_KEY);
  return {
    name,
    keyId,
    verify: (message, signature) => verifyEd25519(publicKey, message, signature),
  };
}
