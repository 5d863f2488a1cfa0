import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatCheckpoint,
  generateKey,
  parsePrivateKey,
  parseVerifierKey,
  signNote,
} from '@authtrail/signed-note';
import { cliError } from '../../../../test/fixtures/cli-usage-error';
import { MonitorState } from './monitor-state';

const ORIGIN = 'authtrail-state.example/log';
const pair = generateKey(ORIGIN);
const verifier = parseVerifierKey(pair.verifierKey);

function noteOf(size: number, privateKey = pair.privateKey): string {
  const text = formatCheckpoint({ origin: ORIGIN, size, rootHash: new Uint8Array(32).fill(size) });
  return signNote(text, [parsePrivateKey(privateKey)]);
}

const failure = (run: () => unknown) => cliError(run, 1);

describe('MonitorState', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'authtrail-monitor-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads nothing before the first write', () => {
    expect(new MonitorState(join(root, 'none')).read(verifier)).toBeUndefined();
  });

  it('creates the dir owner-only and the file 0600, holding the note', () => {
    const dir = join(root, 'a', 'state');
    const state = new MonitorState(dir);
    const note = noteOf(5);
    state.write(note);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(state.file).mode & 0o777).toBe(0o600);
    expect(state.file).toBe(join(dir, 'checkpoint'));
    expect(readFileSync(state.file, 'utf8')).toBe(note);
    expect(state.read(verifier)).toMatchObject({ note, checkpoint: { origin: ORIGIN, size: 5 } });
  });

  it('replaces the note and leaves no temporary file behind', () => {
    const state = new MonitorState(root);
    state.write(noteOf(5));
    state.write(noteOf(9));
    expect(state.read(verifier)?.checkpoint.size).toBe(9);
    expect(readdirSync(root)).toEqual(['checkpoint']);
  });

  it('refuses a corrupt file, naming it, and leaves it as it is', () => {
    const state = new MonitorState(root);
    for (const corrupt of ['', 'garbage', noteOf(7).replace('\n7\n', '\n8\n')]) {
      writeFileSync(state.file, corrupt);
      expect(failure(() => state.read(verifier)).message).toMatch(
        new RegExp(
          `^the state file ${state.file} is not a checkpoint signed by ${ORIGIN}\\+[0-9a-f]{8}: ` +
            ".+; it was left as it is \\(move it away to trust the log's newest checkpoint again\\)$",
        ),
      );
      expect(readFileSync(state.file, 'utf8')).toBe(corrupt);
    }
  });

  it('refuses a note another key signed', () => {
    const state = new MonitorState(root);
    state.write(noteOf(3, generateKey(ORIGIN).privateKey));
    expect(failure(() => state.read(verifier)).message).toContain(
      'note has no verifiable signatures',
    );
  });

  it('names the file it cannot write or read', () => {
    const blocker = join(root, 'file');
    writeFileSync(blocker, '');
    const state = new MonitorState(join(blocker, 'state'));
    expect(failure(() => state.write(noteOf(1))).message).toMatch(
      `cannot write the state file ${join(blocker, 'state', 'checkpoint')}: ENOTDIR`,
    );
    expect(failure(() => state.read(verifier)).message).toMatch(
      `cannot read the state file ${state.file}: ENOTDIR`,
    );
  });
});
