import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * Ed25519 (RFC 8032) from raw 32-byte seeds and public keys, on node:crypto: the DER prefixes
 * wrap the raw bytes into the PKCS#8 and SPKI structures node:crypto imports.
 */

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const SEED_SIZE = 32;
export const PUBLIC_KEY_SIZE = 32;
export const SIGNATURE_SIZE = 64;

/** The private key of a 32-byte seed. */
export const privateKeyOf = (seed: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });

/** The raw 32-byte public key of a private key. */
export const rawPublicKeyOf = (privateKey: KeyObject): Uint8Array =>
  new Uint8Array(
    createPublicKey(privateKey)
      .export({ format: 'der', type: 'spki' })
      .subarray(SPKI_PREFIX.length),
  );

/** The public key of its raw 32 bytes. */
export const publicKeyOf = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

/** The 64-byte signature of `message` (deterministic: the same key and message give the same bytes). */
export const signEd25519 = (privateKey: KeyObject, message: Uint8Array): Uint8Array =>
  new Uint8Array(sign(null, message, privateKey));

/** Whether `signature` is a valid signature of `message`; false for any wrong-sized signature. */
export function verifyEd25519(
  publicKey: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_SIZE) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}
