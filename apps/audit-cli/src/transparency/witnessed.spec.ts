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
import { keyLabel, openCheckpoint } from './checkpoint-note';
import { witnessCheck } from './witnessed';

const ORIGIN = 'authtrail-witnessed.example/log';
const log = generateKey(ORIGIN);
const verifier = parseVerifierKey(log.verifierKey);
const witnessPairs = ['w1.example', 'w2.example', 'w3.example'].map(generateWitnessKey);
const signers = witnessPairs.map((pair) => parseWitnessPrivateKey(pair.privateKey));
const witnesses = witnessPairs.map((pair) => parseWitnessVerifierKey(pair.verifierKey));

const text = formatCheckpoint({ origin: ORIGIN, size: 7, rootHash: new Uint8Array(32).fill(3) });
const root = Buffer.alloc(32, 3).toString('base64');
const logNote = signNote(text, [parsePrivateKey(log.privateKey)]);
const what = `the checkpoint of ${ORIGIN} at size 7, root ${root}`;
/** 2026-12-06T00:00:00Z, and a second later per witness. */
const T = 1_796_515_200;

/** The log's note with the cosignatures of witnesses `which` (by index), a second apart. */
function cosigned(which: number[], over = text): ReturnType<typeof openCheckpoint> {
  const lines = which.map((i) => cosign(over, signers[i], T + i));
  return openCheckpoint(addSignatureLines(logNote, lines), verifier);
}

describe('witnessCheck', () => {
  it('is ok when enough of the given witnesses cosigned, naming them and when', () => {
    expect(witnessCheck(cosigned([0, 1]), witnesses, 2)).toEqual({
      ok: true,
      message:
        `ok: ${what} is cosigned by 2 of the 3 witnesses given (2 required): ` +
        `${keyLabel(witnesses[0])} at 2026-12-06T00:00:00.000Z, ` +
        `${keyLabel(witnesses[1])} at 2026-12-06T00:00:01.000Z`,
    });
    expect(witnessCheck(cosigned([2]), witnesses, 1).ok).toBe(true);
  });

  it('fails with too few cosignatures of the given witnesses, naming what there is', () => {
    const given = witnesses.map(keyLabel).join(', ');
    expect(witnessCheck(cosigned([1]), witnesses, 2)).toEqual({
      ok: false,
      message:
        `not witnessed: ${what} has 1 verified cosignatures of the 2 required ` +
        `(${keyLabel(witnesses[1])} at 2026-12-06T00:00:01.000Z); witnesses given: ${given}`,
    });
    expect(witnessCheck(cosigned([]), witnesses, 1)).toEqual({
      ok: false,
      message: `not witnessed: ${what} has 0 verified cosignatures of the 1 required; witnesses given: ${given}`,
    });
  });

  it('counts neither a witness that was not given nor one witness twice', () => {
    const twice = openCheckpoint(
      addSignatureLines(cosigned([0, 2]).note, [cosign(text, signers[0], T + 60)]),
      verifier,
    );
    expect(witnessCheck(twice, witnesses.slice(0, 2), 2)).toMatchObject({
      ok: false,
      message: expect.stringContaining('has 1 verified cosignatures of the 2 required') as string,
    });
  });

  it('fails on a cosignature of a given witness that does not verify', () => {
    const other = formatCheckpoint({ origin: ORIGIN, size: 8, rootHash: new Uint8Array(32) });
    expect(witnessCheck(cosigned([0], other), witnesses, 1)).toEqual({
      ok: false,
      message: `broken: ${what}: invalid signature for key ${keyLabel(witnesses[0])}`,
    });
  });
});
