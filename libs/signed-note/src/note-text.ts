import { isWellFormed } from './key-name';

/**
 * The characters a signed note may hold: well-formed Unicode without ASCII control characters
 * other than newline, so that what a reader sees is what was signed.
 */

/** Whether `text` holds an ASCII control character (below U+0020) other than newline. */
export function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

/** Why `text` cannot be part of a signed note, or undefined when it can. */
export function noteCharsProblem(text: string): string | undefined {
  if (!isWellFormed(text)) return 'not valid UTF-8';
  if (hasControlChar(text)) return 'holds a control character other than newline';
  return undefined;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 `bytes`, or undefined when they are not valid UTF-8 (a BOM is kept as text). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The UTF-8 bytes of `text`: what is signed. */
export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
