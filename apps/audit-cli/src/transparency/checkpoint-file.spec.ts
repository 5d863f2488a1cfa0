import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatCheckpoint,
  formatProof,
  generateKey,
  parsePrivateKey,
  signNote,
} from '@authtrail/signed-note';
import { CheckpointFileError, checkpointInFile } from './checkpoint-file';

const note = signNote(
  formatCheckpoint({ origin: 'authtrail-file.example', size: 1, rootHash: new Uint8Array(32) }),
  [parsePrivateKey(generateKey('authtrail-file.example').privateKey)],
);

describe('checkpointInFile', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'authtrail-checkpoint-file-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a signed note as it is, and the checkpoint of a receipt', () => {
    expect(checkpointInFile(file('checkpoint', note))).toBe(note);
    const receipt = formatProof({ index: 0, hashes: [], checkpoint: note });
    expect(checkpointInFile(file('entry.tlog-proof', receipt))).toBe(note);
  });

  it('names a file it cannot read, and a receipt that is malformed', () => {
    const missing = join(dir, 'missing');
    expect(() => checkpointInFile(missing)).toThrow(
      new CheckpointFileError(
        `cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'`,
      ),
    );
    const bad = file('bad.tlog-proof', 'c2sp.org/tlog-proof@v1\nindex x\n\n' + note);
    expect(() => checkpointInFile(bad)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(`^${bad} is not a receipt: malformed proof: `) as string,
      }) as Error,
    );
  });
});
