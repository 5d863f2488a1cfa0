import { ARCHE_COSIGNED, C2SP_COSIGNATURE } from '../../../test/fixtures/cosignature-vectors';
import { addSignatureLines } from './add-signatures';
import { formatCheckpoint } from './checkpoint';
import { cosign, verifyCosignatures } from './cosignature';
import {
  AmbiguousVerifierError,
  InvalidSignatureError,
  InvalidSignerError,
  InvalidTimestampError,
  MalformedCheckpointError,
} from './errors';
import { generateKey, parsePrivateKey, parseVerifierKey } from './keys';
import { openNote } from './open-note';
import { signNote } from './sign-note';
import {
  generateWitnessKey,
  parseWitnessPrivateKey,
  parseWitnessVerifierKey,
  WitnessSigner,
} from './witness-keys';

const arche = ARCHE_COSIGNED;
const archeWitnesses = arche.witnesses.map((w) => parseWitnessVerifierKey(w.verifierKey));
const archeLog = parseVerifierKey(arche.logVerifierKey);

/** The note's lines after the blank line. */
const signatureLines = (note: string): string[] =>
  note.slice(note.lastIndexOf('\n\n') + 2, -1).split('\n');

describe('verifyCosignatures on a checkpoint cosigned by deployed witnesses', () => {
  it('finds all four cosignatures, in the note’s order, with their time', () => {
    expect(verifyCosignatures(arche.note, archeWitnesses)).toEqual(
      arche.witnesses.map((w, i) => ({
        name: archeWitnesses[i].name,
        keyId: w.keyId,
        timestamp: arche.timestamp,
        base64: signatureLines(arche.note)[i + 2].split(' ')[2],
      })),
    );
  });

  it('counts only the witnesses it is given, ignoring the log’s lines and other witnesses', () => {
    const some = [archeWitnesses[2], archeWitnesses[0]];
    expect(verifyCosignatures(arche.note, some).map((c) => c.keyId)).toEqual([
      arche.witnesses[0].keyId,
      arche.witnesses[2].keyId,
    ]);
    expect(verifyCosignatures(arche.note, [])).toEqual([]);
  });

  it('ignores a witness key of a known witness name but another key id', () => {
    const other = parseWitnessVerifierKey(generateWitnessKey('remora.n621.de').verifierKey);
    expect(verifyCosignatures(arche.note, [other])).toEqual([]);
  });

  it('leaves the note open with the log’s key, the cosignatures listed unverified', () => {
    const opened = openNote(arche.note, [archeLog]);
    expect(opened.text).toBe(arche.text);
    expect(opened.verifiedSignatures.map((s) => s.keyId)).toEqual([0xba2f06c0]);
    expect(opened.unverifiedSignatures).toHaveLength(5);
    expect(openNote(arche.note, [archeLog, ...archeWitnesses]).verifiedSignatures).toHaveLength(5);
  });

  it('refuses the note once its tree size changes', () => {
    const note = arche.note.replace('\n1432088532\n', '\n1432088533\n');
    expect(() => verifyCosignatures(note, archeWitnesses)).toThrow(InvalidSignatureError);
  });

  it('refuses the note once a cosignature’s timestamp changes', () => {
    // Base64 characters 8 to 15 hold bytes 6 to 11: the timestamp's last six, 00 00 6a 12 21 20.
    // "EiEh" is 12 21 21, one second later.
    const line = signatureLines(arche.note)[4];
    const later = line.replace(' 2net5wAAAABqEiEg', ' 2net5wAAAABqEiEh');
    expect(later).not.toBe(line);
    const note = arche.note.replace(line, later);
    expect(() => verifyCosignatures(note, archeWitnesses)).toThrow(
      'invalid signature for key remora.n621.de+da77ade7',
    );
    expect(verifyCosignatures(note, [archeWitnesses[0]])).toHaveLength(1);
  });

  it('refuses a witness given twice, as openNote does', () => {
    expect(() => verifyCosignatures(arche.note, [archeWitnesses[0], archeWitnesses[0]])).toThrow(
      AmbiguousVerifierError,
    );
  });
});

describe('cosign', () => {
  const log = generateKey('example.com/log');
  const logSigner = parsePrivateKey(log.privateKey);
  const witness = generateWitnessKey('witness.example/w1');
  const signer = parseWitnessPrivateKey(witness.privateKey);
  const verifier = parseWitnessVerifierKey(witness.verifierKey);
  const text = formatCheckpoint({
    origin: 'example.com/log',
    size: 7,
    rootHash: new Uint8Array(32),
  });
  const logNote = signNote(text, [logSigner]);

  it('signs the message of the spec for the checkpoint and timestamp', () => {
    const messages: string[] = [];
    const recording: WitnessSigner = {
      ...signer,
      sign: (message) => {
        messages.push(Buffer.from(message).toString('utf8'));
        return signer.sign(message);
      },
    };
    cosign(C2SP_COSIGNATURE.checkpointText, recording, C2SP_COSIGNATURE.timestamp);
    expect(messages).toEqual([C2SP_COSIGNATURE.signedMessage]);
  });

  it('gives one signature line: key id, timestamp and signature, ending in a newline', () => {
    const line = cosign(text, signer, 1700000000);
    expect(line).toMatch(/^\u2014 witness\.example\/w1 [A-Za-z0-9+/]{102}==\n$/);
    const bytes = Buffer.from(line.trimEnd().split(' ')[2], 'base64');
    expect(bytes.readUInt32BE(0)).toBe(verifier.keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(1700000000n);
    expect(cosign(text, signer, 1700000000)).toBe(line);
  });

  it('makes a cosignature the witness’s key verifies once added to the log’s note', () => {
    const note = addSignatureLines(logNote, [cosign(text, signer, 0)]);
    expect(openNote(note, [parseVerifierKey(log.verifierKey)]).text).toBe(text);
    expect(verifyCosignatures(note, [verifier])).toEqual([
      {
        name: 'witness.example/w1',
        keyId: verifier.keyId,
        timestamp: 0,
        base64: signatureLines(note)[1].split(' ')[2],
      },
    ]);
  });

  it.each([-1, 1.5, NaN, Infinity, 2 ** 53])('refuses the timestamp %p', (timestamp) => {
    expect(() => cosign(text, signer, timestamp)).toThrow(InvalidTimestampError);
  });

  it('refuses a text that is not a checkpoint', () => {
    expect(() => cosign('hello\n', signer, 1)).toThrow(MalformedCheckpointError);
    expect(() => cosign(logNote, signer, 1)).toThrow(MalformedCheckpointError);
  });

  it('refuses a note signer, and a witness signer with a name a key cannot have', () => {
    const noteSigner = logSigner as unknown as WitnessSigner;
    expect(() => cosign(text, noteSigner, 1)).toThrow(InvalidSignerError);
    expect(() => cosign(text, { ...signer, name: 'a b' }, 1)).toThrow(InvalidSignerError);
  });
});
