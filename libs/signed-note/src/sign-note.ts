import { MalformedNoteError } from './errors';
import { Signer } from './keys';
import { checkSignerName, formatSignatureLine } from './note-lines';
import { noteCharsProblem, utf8 } from './note-text';

export { SIGNATURE_PREFIX } from './note-lines';

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
    checkSignerName(signer.name);
    return formatSignatureLine(signer.name, signer.keyId, signer.sign(message));
  });
  return `${text}\n${lines.join('')}`;
}
