import { MalformedNoteError } from './errors';
import { MAX_SIGNATURES, parseSignatureLine, splitNote } from './note-lines';
import { noteCharsProblem } from './note-text';

/**
 * `note` with the signature lines `lines` added after its own (each line with or without its
 * final newline, as cosign gives them or a witness sends them). A line the note already holds,
 * or given twice, is kept once, where it first appears; the text and the log's signature, which
 * comes first, stay as they were, so the note still opens with the log's key. Nothing is
 * verified here. A malformed note or line, or more than MAX_SIGNATURES lines in all, is a
 * MalformedNoteError.
 */
export function addSignatureLines(note: string | Uint8Array, lines: readonly string[]): string {
  const parts = splitNote(note);
  const added = lines.map((line) => {
    const bare = line.endsWith('\n') ? line.slice(0, -1) : line;
    const problem = bare.includes('\n') ? 'holds a newline' : noteCharsProblem(bare);
    if (problem !== undefined) {
      throw new MalformedNoteError(`the signature line ${JSON.stringify(line)} ${problem}`);
    }
    parseSignatureLine(bare);
    return bare;
  });
  const all = [...new Set([...parts.lines, ...added])];
  if (all.length > MAX_SIGNATURES) {
    throw new MalformedNoteError(`more than ${MAX_SIGNATURES} signatures`);
  }
  return `${parts.text}\n${all.map((line) => `${line}\n`).join('')}`;
}
