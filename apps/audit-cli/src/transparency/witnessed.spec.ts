import {
  addSignatureLines,
  cosign,
  formatCheckpoint,
  generateKey,
  generateWitnessKey,
  parsePrivateKey,
  parseVerifierKey,
  parseWitnessPrivateKey,
  parseWitnessVerifierKey,
  signNote,
} from '@authtrail/signed-note';
import { keyLabel, openCheckpoint, type SignedCheckpoint } from './checkpoint-note';
import { type CosignedNote, type LogRoot, witnessCheck, witnessEvidence } from './witnessed';

const ORIGIN = 'authtrail-witnessed.example/log';
const log = generateKey(ORIGIN);
const logSigner = parsePrivateKey(log.privateKey);
const verifier = parseVerifierKey(log.verifierKey);
const witnessPairs = ['w1.example', 'w2.example', 'w3.example'].map(generateWitnessKey);
const signers = witnessPairs.map((pair) => parseWitnessPrivateKey(pair.privateKey));
const witnesses = witnessPairs.map((pair) => parseWitnessVerifierKey(pair.verifierKey));
const labels = witnesses.map(keyLabel);

const rootOf = (fill: number) => new Uint8Array(32).fill(fill);
const textOf = (size: number, fill = 3) =>
  formatCheckpoint({ origin: ORIGIN, size, rootHash: rootOf(fill) });
const text = textOf(7);
const root = Buffer.from(rootOf(3)).toString('base64');
const logNote = signNote(text, [logSigner]);
const what = `the checkpoint of ${ORIGIN} at size 7, root ${root}`;
/** 2026-12-06T00:00:00Z, and a second later per witness. */
const T = 1_796_515_200;
const time = (i: number) => new Date((T + i) * 1000).toISOString();

/** The log's note of `over` with the cosignatures of witnesses `which` (by index), a second apart. */
function cosignedNote(which: number[], over = text): string {
  const lines = which.map((i) => cosign(over, signers[i], T + i));
  return addSignatureLines(signNote(over, [logSigner]), lines);
}

/** The checkpoint of `text` as verify opens it, with cosignature lines of witnesses `which`. */
const signedWith = (which: number[]): SignedCheckpoint =>
  openCheckpoint(cosignedNote(which), verifier);

/** The check over `signed` with each witness's bucket note (none by default) and log roots. */
function check(
  signed: SignedCheckpoint,
  required: number,
  notes: CosignedNote[] = [],
  roots: [number, LogRoot][] = [],
  given = witnesses,
) {
  const evidence = given.map((witness, i) =>
    witnessEvidence(signed, witness, notes[i] ?? { missing: 'nothing in the bucket' }, verifier),
  );
  return witnessCheck(signed, evidence, new Map(roots), required);
}

describe('witnessCheck over cosignatures on the checkpoint itself', () => {
  it('is ok when enough of the given witnesses cosigned, naming them and when', () => {
    expect(check(signedWith([0, 1]), 2)).toEqual({
      ok: true,
      message:
        `ok: ${what} is cosigned by 2 of the 3 witnesses given (2 required): ` +
        `${labels[0]} at ${time(0)}, ${labels[1]} at ${time(1)}`,
    });
    expect(check(signedWith([2]), 1).ok).toBe(true);
  });

  it('fails with too few, naming what there is and why the others do not count', () => {
    expect(check(signedWith([1]), 2)).toEqual({
      ok: false,
      message:
        `not witnessed: ${what} has 1 verified cosignatures of the 2 required ` +
        `(${labels[1]} at ${time(1)}); witnesses given: ${labels.join(', ')}; ` +
        `${labels[0]}: nothing in the bucket; ${labels[2]}: nothing in the bucket`,
    });
    expect(check(signedWith([]), 1).message).toMatch(
      new RegExp(`^not witnessed: .* has 0 verified cosignatures of the 1 required; witnesses`),
    );
  });

  it('counts neither a witness that was not given nor one witness twice', () => {
    const twice = openCheckpoint(
      addSignatureLines(signedWith([0, 2]).note, [cosign(text, signers[0], T + 60)]),
      verifier,
    );
    expect(check(twice, 2, [], [], witnesses.slice(0, 2)).message).toContain(
      'has 1 verified cosignatures of the 2 required',
    );
  });

  it('is broken by a cosignature of a given witness that does not verify', () => {
    const other = openCheckpoint(
      addSignatureLines(logNote, [cosign(textOf(8), signers[0], T)]),
      verifier,
    );
    expect(check(other, 1)).toEqual({
      ok: false,
      message: `broken: ${what}: ${labels[0]}: invalid signature for key ${labels[0]}`,
    });
  });
});

describe("witnessCheck over the witnesses' own notes in the bucket", () => {
  const signed = openCheckpoint(logNote, verifier);

  it('counts a cosigned note of the same checkpoint', () => {
    const notes = [{ note: cosignedNote([0]) }, { note: cosignedNote([1]) }];
    expect(check(signed, 2, notes)).toMatchObject({ ok: true });
  });

  it('counts a later checkpoint once the log has its root at its size, saying so', () => {
    const later = textOf(9, 5);
    const notes = [{ note: cosignedNote([0], later) }, { note: cosignedNote([1]) }];
    const laterRoot = Buffer.from(rootOf(5)).toString('base64');
    expect(check(signed, 2, notes, [[9, laterRoot]])).toEqual({
      ok: true,
      message:
        `ok: ${what} is cosigned by 2 of the 3 witnesses given (2 required): ` +
        `${labels[0]} at ${time(0)} (of size 9, which the log matches), ${labels[1]} at ${time(1)}`,
    });
    expect(check(signed, 2, notes, [[9, { problem: 'the service is behind' }]])).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        `${labels[0]}: it cosigned the checkpoint of ${ORIGIN} at size 9, root ${laterRoot}: the service is behind`,
      ),
    });
  });

  it('is broken by a later checkpoint of the log key whose root the log does not have', () => {
    const notes = [{ note: cosignedNote([0], textOf(9, 5)) }];
    const logRoot = Buffer.from(rootOf(6)).toString('base64');
    expect(check(signed, 1, notes, [[9, logRoot]]).message).toBe(
      `broken: ${what}: ${labels[0]} cosigned the checkpoint of ${ORIGIN} at size 9, root ` +
        `${Buffer.from(rootOf(5)).toString('base64')}, signed by the log's key, but the log's ` +
        `root at size 9 is ${logRoot}`,
    );
  });

  it('is broken by another tree of the same size signed by the log key', () => {
    const notes = [{ note: cosignedNote([0], textOf(7, 4)) }];
    expect(check(signed, 1, notes).message).toBe(
      `broken: ${what}: ${labels[0]}: it cosigned the checkpoint of ${ORIGIN} at size 7, root ` +
        `${Buffer.from(rootOf(4)).toString('base64')}, also signed by the log's key: the key ` +
        'signed two trees of size 7',
    );
  });

  it('does not count an older checkpoint, a note the log key did not sign, or one without its line', () => {
    const impostor = parsePrivateKey(generateKey(ORIGIN).privateKey);
    const notes = [
      { note: cosignedNote([0], textOf(6)) },
      { note: addSignatureLines(signNote(text, [impostor]), [cosign(text, signers[1], T)]) },
      { note: cosignedNote([0]) },
    ];
    const message = check(signed, 1, notes).message;
    expect(message).toContain(`${labels[0]}: it cosigned up to size 6 only`);
    expect(message).toContain(`${labels[1]}: its note is not one the log's key signed: `);
    expect(message).toContain(`${labels[2]}: its note holds no cosignature of it`);
    expect(message).toMatch(/^not witnessed: .* has 0 verified cosignatures/);
  });
});
