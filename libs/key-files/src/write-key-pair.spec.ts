import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from '@authtrail/signed-note';
import { KeyFileError } from './key-file-error';
import { writeKeyPairFiles } from './write-key-pair';

describe('writeKeyPairFiles', () => {
  let dir: string;
  let umask: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-files-'));
    umask = process.umask();
  });

  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  const modeOf = (path: string): number => statSync(path).mode & 0o777;

  it.each([
    ['000', 0o000],
    ['022', 0o022],
    ['077', 0o077],
  ])('writes the private key 0600 and the verifier key 0644 under umask %s', (_octal, mask) => {
    process.umask(mask);
    const file = join(dir, 'log.key');
    const pair = generateKey('example.com/log');
    writeKeyPairFiles(file, pair);
    expect(readFileSync(file, 'utf8')).toBe(`${pair.privateKey}\n`);
    expect(readFileSync(`${file}.pub`, 'utf8')).toBe(`${pair.verifierKey}\n`);
    expect([modeOf(file), modeOf(`${file}.pub`)]).toEqual([0o600, 0o644]);
  });

  it('never overwrites the private key file, and writes no verifier key then', () => {
    const file = join(dir, 'taken.key');
    writeFileSync(file, 'mine\n');
    expect(() => writeKeyPairFiles(file, generateKey('k'))).toThrow(
      new KeyFileError(`${file} exists: not overwritten (a key is not replaced by accident)`, file),
    );
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(() => statSync(`${file}.pub`)).toThrow();
  });

  it('never overwrites the verifier key file, and leaves no private key then', () => {
    const file = join(dir, 'other.key');
    writeFileSync(`${file}.pub`, 'a verifier\n');
    expect(() => writeKeyPairFiles(file, generateKey('k'))).toThrow(`${file}.pub exists`);
    expect(readFileSync(`${file}.pub`, 'utf8')).toBe('a verifier\n');
    expect(() => statSync(file)).toThrow();
  });

  it('names the file it cannot create', () => {
    const file = join(dir, 'missing', 'x.key');
    expect(() => writeKeyPairFiles(file, generateKey('k'))).toThrow(`cannot write ${file}: `);
  });
});
