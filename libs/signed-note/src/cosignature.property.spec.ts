import fc from 'fast-check';
import { expectOnlyErrorsOf, flipByte, keyName } from '../../../test/fixtures/note-arbitraries';
import { addSignatureLines } from './add-signatures';
import { formatCheckpoint } from './checkpoint';
import { cosign, verifyCosignatures } from './cosignature';
import { InvalidSignatureError, SignedNoteError } from './errors';
import { generateKey, parsePrivateKey, parseVerifierKey } from './keys';
import { openNote } from './open-note';
import { signNote } from './sign-note';
import {
  generateWitnessKey,
  parseWitnessPrivateKey,
  parseWitnessVerifierKey,
} from './witness-keys';

/** Checkpoint texts of any origin, size and root. */
const checkpointText = fc
  .record({
    origin: keyName,
    size: fc.maxSafeNat(),
    rootHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  })
  .map(formatCheckpoint);

/** Cosignature times: any second JavaScript holds exactly. */
const timestamp = fc.maxSafeNat();

/** One to four witnesses of distinct names, each with the time it cosigns at. */
const witnesses = fc.uniqueArray(fc.tuple(keyName, timestamp), {
  minLength: 1,
  maxLength: 4,
  selector: ([name]) => name,
});

const log = generateKey('example.com/log');
const logSigner = parsePrivateKey(log.privateKey);
const logVerifier = parseVerifierKey(log.verifierKey);

/** The log's note of `text` with the cosignatures of `cosigners`, and the witnesses' verifiers. */
function cosigned(text: string, cosigners: readonly (readonly [string, number])[]) {
  const keys = cosigners.map(([name]) => generateWitnessKey(name));
  const lines = cosigners.map(([, time], i) =>
    cosign(text, parseWitnessPrivateKey(keys[i].privateKey), time),
  );
  return {
    note: addSignatureLines(signNote(text, [logSigner]), lines),
    lines,
    verifiers: keys.map((key) => parseWitnessVerifierKey(key.verifierKey)),
  };
}

const runs = { numRuns: 25 };

describe('cosignatures, for any checkpoint, witnesses and times', () => {
  it('verify for every witness, at its time, and leave the note open with the log’s key', () => {
    fc.assert(
      fc.property(checkpointText, witnesses, (text, cosigners) => {
        const { note, verifiers } = cosigned(text, cosigners);
        expect(openNote(note, [logVerifier]).text).toBe(text);
        expect(verifyCosignatures(note, verifiers).map((c) => [c.name, c.timestamp])).toEqual(
          cosigners,
        );
      }),
      runs,
    );
  });

  it('are refused once any byte of the checkpoint changes', () => {
    fc.assert(
      fc.property(
        checkpointText,
        witnesses,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (text, cosigners, at, flip) => {
          const { note, verifiers } = cosigned(text, cosigners);
          const bytes = flipByte(
            new Uint8Array(Buffer.from(note)),
            at % Buffer.byteLength(text),
            flip,
          );
          expect(() => verifyCosignatures(bytes, verifiers)).toThrow(SignedNoteError);
        },
      ),
      runs,
    );
  });

  it('are refused once a cosignature’s timestamp or signature changes', () => {
    fc.assert(
      fc.property(
        checkpointText,
        keyName,
        timestamp,
        fc.integer({ min: 4, max: 75 }),
        fc.integer({ min: 1, max: 255 }),
        (text, name, time, at, flip) => {
          const { note, lines, verifiers } = cosigned(text, [[name, time]]);
          // Bytes 4 to 11 of the line's base64 hold the timestamp, 12 to 75 the signature.
          const base64 = lines[0].trimEnd().split(' ')[2];
          const bytes = flipByte(new Uint8Array(Buffer.from(base64, 'base64')), at, flip);
          const changed = note.replace(base64, Buffer.from(bytes).toString('base64'));
          expect(() => verifyCosignatures(changed, verifiers)).toThrow(InvalidSignatureError);
        },
      ),
      runs,
    );
  });

  it('never fail but with a SignedNoteError for arbitrary input', () => {
    const verifier = parseWitnessVerifierKey(generateWitnessKey('w').verifierKey);
    expectOnlyErrorsOf(SignedNoteError, (input) => verifyCosignatures(input, [verifier]));
  });
});
