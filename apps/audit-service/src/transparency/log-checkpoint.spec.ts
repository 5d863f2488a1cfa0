import {
  formatCheckpoint,
  generateKey,
  parsePrivateKey,
  parseVerifierKey,
  signNote,
} from '@authtrail/signed-note';
import { readLogCheckpoint } from './log-checkpoint';

const ORIGIN = 'example.com/log';
const pair = generateKey(ORIGIN);
const logKey = parsePrivateKey(pair.privateKey);
const verifier = parseVerifierKey(pair.verifierKey);
const root = new Uint8Array(32).fill(9);
const text = formatCheckpoint({ origin: ORIGIN, size: 17, rootHash: root });

describe('readLogCheckpoint', () => {
  it("reads a checkpoint the log's key signed", () => {
    const note = signNote(text, [logKey]);
    expect(readLogCheckpoint(note, verifier)).toEqual({ note, text, size: 17, root });
  });

  it('refuses a note of another key of the same name, naming the cause', () => {
    const other = parsePrivateKey(generateKey(ORIGIN).privateKey);
    expect(readLogCheckpoint(signNote(text, [other]), verifier)).toEqual({
      refused: expect.stringContaining('no verifiable signatures'),
    });
  });

  it("refuses a note whose text was changed after the log's key signed it", () => {
    const note = signNote(text, [logKey]).replace('\n17\n', '\n18\n');
    expect(readLogCheckpoint(note, verifier)).toEqual({
      refused: expect.stringContaining('invalid signature'),
    });
  });

  it('refuses a signed text that is not a checkpoint of the key’s origin', () => {
    const elsewhere = formatCheckpoint({ origin: 'other.example/log', size: 1, rootHash: root });
    expect(readLogCheckpoint(signNote(elsewhere, [logKey]), verifier)).toEqual({
      refused: `its origin is other.example/log, not ${ORIGIN}`,
    });
    expect(readLogCheckpoint(signNote('hello\n', [logKey]), verifier)).toEqual({
      refused: expect.stringContaining('malformed checkpoint'),
    });
    expect(readLogCheckpoint('not a note', verifier)).toEqual({
      refused: expect.stringContaining('malformed note'),
    });
  });
});
