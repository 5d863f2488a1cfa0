/**
 * Standard base64 (RFC 4648 §4, with padding), decoded strictly: Buffer.from(…, 'base64') would
 * skip stray characters and accept url-safe letters, so a tampered signature line could still
 * decode. Only the one canonical spelling of each byte string is accepted.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes `text` encodes, or undefined when it is not canonical standard base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Unused bits of the last character must be zero, or two spellings would give the same bytes.
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes);
}

/** `bytes` in standard base64 with padding. */
export const encodeBase64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
