import { GO_NOTE } from '../../../test/fixtures/note-vectors';
import { addSignatureLines } from './add-signatures';
import { MalformedNoteError } from './errors';
import { parseVerifierKey } from './keys';
import { MAX_SIGNATURES, openNote } from './open-note';

const { text, peterSig, enochSig } = GO_NOTE;
const peterNote = `${text}\n${peterSig}`;

describe('addSignatureLines', () => {
  it('puts the lines after the note’s own, in the order given', () => {
    expect(addSignatureLines(peterNote, [enochSig])).toBe(`${text}\n${peterSig}${enochSig}`);
  });

  it('takes lines without their final newline too', () => {
    expect(addSignatureLines(peterNote, [enochSig.trimEnd()])).toBe(
      `${text}\n${peterSig}${enochSig}`,
    );
  });

  it('keeps a line once, where it first appears', () => {
    const note = addSignatureLines(peterNote, [enochSig, peterSig, enochSig.trimEnd()]);
    expect(note).toBe(`${text}\n${peterSig}${enochSig}`);
  });

  it('gives a note that still opens with the first signer’s key', () => {
    const note = addSignatureLines(new Uint8Array(Buffer.from(peterNote)), [enochSig]);
    const opened = openNote(note, [parseVerifierKey(GO_NOTE.peterVerifierKey)]);
    expect(opened.text).toBe(text);
    expect(opened.unverifiedSignatures.map((s) => s.name)).toEqual(['EnochRoot']);
  });

  it.each([
    ['a note without signatures', text, [enochSig]],
    ['a line with a hyphen for the em dash', peterNote, [enochSig.replace('\u2014', '-')]],
    ['a line holding two lines', peterNote, [`${enochSig}${enochSig}`]],
    ['a line with a control character', peterNote, [enochSig.replace('EnochRoot', 'Enoch\u0007')]],
    ['a line without base64', peterNote, ['\u2014 EnochRoot\n']],
  ])('refuses %s', (_what, note, lines) => {
    expect(() => addSignatureLines(note, lines)).toThrow(MalformedNoteError);
  });

  it(`refuses to write more than ${MAX_SIGNATURES} signature lines`, () => {
    const line = (i: number): string => enochSig.replace('EnochRoot', `w${i}`);
    const lines = Array.from({ length: MAX_SIGNATURES - 1 }, (_, i) => line(i));
    expect(() => addSignatureLines(peterNote, lines)).not.toThrow();
    expect(() => addSignatureLines(peterNote, [...lines, line(MAX_SIGNATURES)])).toThrow(
      MalformedNoteError,
    );
  });
});
