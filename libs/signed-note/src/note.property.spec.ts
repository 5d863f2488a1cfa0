import fc from 'fast-check';
import {
  expectOnlyErrorsOf,
  flipByte,
  keyName,
  noteText,
} from '../../../test/fixtures/note-arbitraries';
import { InvalidSignatureError, MalformedNoteError, SignedNoteError } from './errors';
import { generateKey, parsePrivateKey, parseVerifierKey } from './keys';
import { openNote } from './open-note';
import { signNote } from './sign-note';

const keys = fc
  .uniqueArray(keyName, { minLength: 1, maxLength: 3 })
  .map((names) => names.map((name) => generateKey(name)));

const runs = { numRuns: 25 };

describe('signed notes, for any keys and text', () => {
  it('open to the text that was signed, verified by every key', () => {
    fc.assert(
      fc.property(keys, noteText, (pairs, text) => {
        const note = signNote(
          text,
          pairs.map((pair) => parsePrivateKey(pair.privateKey)),
        );
        const opened = openNote(
          note,
          pairs.map((pair) => parseVerifierKey(pair.verifierKey)),
        );
        expect(opened.text).toBe(text);
        expect(opened.verifiedSignatures.map((sig) => sig.name)).toEqual(
          pairs.map((pair) => pair.verifierKey.split('+')[0]),
        );
      }),
      runs,
    );
  });

  it('are refused once any byte of the text changes', () => {
    fc.assert(
      fc.property(
        keys,
        noteText,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (pairs, text, at, flip) => {
          const note = Buffer.from(
            signNote(
              text,
              pairs.map((pair) => parsePrivateKey(pair.privateKey)),
            ),
          );
          const textBytes = Buffer.byteLength(text);
          note[at % textBytes] ^= flip;
          const verifiers = pairs.map((pair) => parseVerifierKey(pair.verifierKey));
          expect(() => openNote(new Uint8Array(note), verifiers)).toThrow(SignedNoteError);
        },
      ),
      runs,
    );
  });

  it('are refused once any byte of a signature changes', () => {
    fc.assert(
      fc.property(
        keyName,
        noteText,
        fc.nat(63),
        fc.integer({ min: 1, max: 255 }),
        (name, text, at, flip) => {
          const pair = generateKey(name);
          const signer = parsePrivateKey(pair.privateKey);
          const tampered = {
            ...signer,
            sign: (message: Uint8Array) => flipByte(signer.sign(message), at, flip),
          };
          const note = signNote(text, [tampered]);
          expect(() => openNote(note, [parseVerifierKey(pair.verifierKey)])).toThrow(
            InvalidSignatureError,
          );
        },
      ),
      runs,
    );
  });

  it('are refused once a character of the signature lines changes', () => {
    fc.assert(
      fc.property(keyName, noteText, fc.nat(), (name, text, at) => {
        const pair = generateKey(name);
        const note = signNote(text, [parsePrivateKey(pair.privateKey)]);
        const start = text.length + 1;
        const i = start + (at % (note.length - 1 - start));
        const changed = note.slice(0, i) + (note[i] === 'A' ? 'B' : 'A') + note.slice(i + 1);
        fc.pre(changed !== note);
        expect(() => openNote(changed, [parseVerifierKey(pair.verifierKey)])).toThrow(
          SignedNoteError,
        );
      }),
      runs,
    );
  });

  it('never open as anything but a SignedNoteError for arbitrary input', () => {
    const verifier = parseVerifierKey(generateKey('k').verifierKey);
    expectOnlyErrorsOf(SignedNoteError, (input) => openNote(input, [verifier]));
    expect(() => openNote('x', [verifier])).toThrow(MalformedNoteError);
  });
});
