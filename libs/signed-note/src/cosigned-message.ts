import { SIGNATURE_SIZE } from './ed25519';
import { utf8 } from './note-text';

/**
 * The Ed25519 cosignature/v1 of c2sp.org/tlog-cosignature: the witness signs
 * `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint's note text, and the signature
 * line carries the timestamp (8 bytes, big-endian seconds since the epoch) before the 64-byte
 * Ed25519 signature.
 */

const TIMESTAMP_SIZE = 8;
/** Timestamp ‖ Ed25519 signature. */
const TIMESTAMPED_SIZE = TIMESTAMP_SIZE + SIGNATURE_SIZE;

/** A timestamped signature, read. */
export interface TimestampedSignature {
  readonly timestamp: number;
  readonly signature: Uint8Array;
}

/** The message a cosignature at `timestamp` signs for the note text `text` (its UTF-8 bytes). */
export function cosignedMessage(text: Uint8Array, timestamp: number): Uint8Array {
  const header = utf8(`cosignature/v1\ntime ${timestamp}\n`);
  const message = new Uint8Array(header.length + text.length);
  message.set(header);
  message.set(text, header.length);
  return message;
}

/** `timestamp` (8 bytes, big-endian) followed by `signature`. */
export function timestamped(timestamp: number, signature: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(TIMESTAMP_SIZE + signature.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(timestamp));
  bytes.set(signature, TIMESTAMP_SIZE);
  return bytes;
}

/**
 * The timestamp and Ed25519 signature of timestamped signature bytes; undefined unless they are
 * 72 bytes with a timestamp JavaScript holds exactly (up to 2^53 − 1 seconds: later ones lie some
 * 285 million years ahead, and the spec lets verifiers refuse timestamps in the future).
 */
export function readTimestamped(bytes: Uint8Array): TimestampedSignature | undefined {
  if (bytes.length !== TIMESTAMPED_SIZE) return undefined;
  const timestamp = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { timestamp: Number(timestamp), signature: bytes.subarray(TIMESTAMP_SIZE) };
}
