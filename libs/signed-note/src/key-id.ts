import { createHash } from 'node:crypto';

/** The signature type byte of Ed25519 keys and signatures. */
export const ED25519 = 0x01;

/** The type byte of Ed25519 witness keys and their timestamped cosignatures (cosignature/v1). */
export const COSIGNATURE_V1 = 0x04;

/**
 * The 32-bit id of a key: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖
 * public key). `typedKey` is the type byte followed by the public key.
 */
export function keyIdOf(name: string, typedKey: Uint8Array): number {
  const digest = createHash('sha256').update(name, 'utf8').update('\n').update(typedKey).digest();
  return digest.readUInt32BE(0);
}
