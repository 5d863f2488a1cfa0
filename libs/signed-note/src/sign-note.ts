import { encodeBase64 } from './base64';
import { InvalidSignerError, MalformedNoteError } from './errors';
import { isValidKeyName } from './key-name';
import { Signer } from './keys';
import { noteCharsProblem, utf8 } from './note-text';

/** What starts a signature line: an em dash (U+2014) and a space. */
export const SIGNATURE_PREFIX = '\u2014 ';

/**
 * The signed note of `text` (which must end in a newline): the text, a blank line, then one
 * line `— <name> <base64(key id ‖ signature)>` per signer, in the order given.
 */
export function signNote(text: string, signers: readonly Signer[]): string {
  if (!text.endsWith('\n')) throw new MalformedNoteError('the text must end in a newline');
  const problem = noteCharsProblem(text);
  if (problem !== undefined) throw new MalformedNoteError(`the text ${problem}`);
  const message = utf8(text);
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) {
      throw new InvalidSignerError(`invalid signer name ${JSON.stringify(signer.name)}`);
    }
    const signature = signer.sign(message);
    const bytes = new Uint8Array(4 + signature.length);
    new DataView(bytes.buffer).setUint32(0, signer.keyId >>> 0);
    bytes.set(signature, 4);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(bytes)}\n`;
  });
  return `${text}\n${lines.join('')}`;
}
