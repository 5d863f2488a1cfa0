import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cosign,
  formatCheckpoint,
  generateKey,
  generateWitnessKey,
  parsePrivateKey,
  parseVerifierKey,
  parseWitnessVerifierKey,
  verifyCosignatures,
  addSignatureLines,
  signNote,
} from '@authtrail/signed-note';
import { KeyFileError } from './key-file-error';
import { MAX_KEY_FILE_BYTES, readPrivateKeyFile, readWitnessKeyFile } from './read-private-key';

describe('readPrivateKeyFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-files-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A file in the test's folder holding `text`, with exactly `mode`. */
  function keyFile(text: string, mode = 0o600, name = 'signing.key'): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  }

  /** The KeyFileError reading `path` throws. */
  function refusal(path: string): KeyFileError {
    try {
      readPrivateKeyFile(path, 'signing key');
    } catch (error) {
      if (error instanceof KeyFileError) return error;
      throw error;
    }
    throw new Error(`${path} was read`);
  }

  it.each([
    ['0600', 0o600],
    ['0400', 0o400],
  ])(
    'reads a key of mode %s: a signer whose signatures its verifier key checks',
    (_octal, mode) => {
      const pair = generateKey('example.com/log');
      const signer = readPrivateKeyFile(keyFile(`${pair.privateKey}\n`, mode), 'signing key');
      expect(signer.name).toBe('example.com/log');
      expect(signer.verifierKey).toBe(pair.verifierKey);
      const message = new Uint8Array(Buffer.from('a note\n'));
      expect(parseVerifierKey(pair.verifierKey).verify(message, signer.sign(message))).toBe(true);
    },
  );

  it('reads a key without a trailing newline, and one with CRLF', () => {
    const pair = generateKey('k');
    expect(readPrivateKeyFile(keyFile(pair.privateKey), 'k').verifierKey).toBe(pair.verifierKey);
    const crlf = keyFile(`${pair.privateKey}\r\n`, 0o600, 'crlf.key');
    expect(readPrivateKeyFile(crlf, 'k').verifierKey).toBe(pair.verifierKey);
  });

  it('reads a good key through a symbolic link', () => {
    const pair = generateKey('k');
    const link = join(dir, 'link.key');
    symlinkSync(keyFile(`${pair.privateKey}\n`), link);
    expect(readPrivateKeyFile(link, 'signing key').verifierKey).toBe(pair.verifierKey);
  });

  it.each([
    ['0640', 0o640],
    ['0604', 0o604],
    ['0660', 0o660],
    ['0602', 0o602],
    ['0610', 0o610],
  ])('refuses mode %s, naming the file, its mode and the fix', (octal, mode) => {
    const path = keyFile(`${generateKey('k').privateKey}\n`, mode);
    expect(refusal(path).message).toBe(
      `signing key ${path}: group or others have access to it (mode ${octal}); a private key must be owner-only: chmod 600 ${path}`,
    );
  });

  it('judges the mode of the file a symbolic link leads to', () => {
    const link = join(dir, 'link.key');
    symlinkSync(keyFile(`${generateKey('k').privateKey}\n`, 0o644), link);
    expect(refusal(link).message).toContain(`(mode 0644); a private key must be owner-only`);
  });

  it('refuses a missing file, a directory, a device and a FIFO (without waiting for a writer)', () => {
    const missing = join(dir, 'none.key');
    expect(refusal(missing).message).toBe(`signing key ${missing}: no such file`);
    const folder = join(dir, 'folder');
    mkdirSync(folder, { mode: 0o700 });
    expect(refusal(folder).message).toBe(`signing key ${folder}: is a directory, not a key file`);
    expect(refusal('/dev/null').message).toBe('signing key /dev/null: is not a regular file');
    const fifo = join(dir, 'fifo.key');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    expect(refusal(fifo).message).toBe(`signing key ${fifo}: is not a regular file`);
  });

  it('refuses a file over 4 KiB', () => {
    const pair = generateKey('k');
    const path = keyFile(`${pair.privateKey}\n`.padEnd(MAX_KEY_FILE_BYTES + 1, '\n'));
    expect(refusal(path).message).toBe(
      `signing key ${path}: 4097 bytes, more than a private key file holds (4096)`,
    );
  });

  it.each([
    ['garbage', 'hunter2 correct horse battery staple\n', 'a private key starts with PRIVATE+KEY+'],
    ['an empty file', '', 'a private key starts with PRIVATE+KEY+'],
    ['a verifier key', 'VERIFIER', 'a private key starts with PRIVATE+KEY+'],
    ['two keys', 'PRIVATE\nPRIVATE\n', 'more than one line'],
    ['a key with a changed seed', 'MANGLED', 'does not match its public key'],
  ])('refuses %s with the reason and without its text', (_what, content, reason) => {
    const pair = generateKey('k');
    const text = content
      .replace('VERIFIER', pair.verifierKey)
      .replaceAll('PRIVATE', pair.privateKey)
      .replace('MANGLED', pair.privateKey.replace(/.{8}$/, 'AAAAAAAA'));
    const path = keyFile(text);
    const { message } = refusal(path);
    expect(message).toMatch(new RegExp(`^signing key ${path}: not a private note key: `));
    expect(message).toContain(reason);
    // The key data is base64 and may hold '+' itself: it is everything after the key id.
    const secret = pair.privateKey.split('+').slice(4).join('+');
    for (const part of [secret, 'hunter2', pair.verifierKey.split('+').slice(2).join('+')]) {
      expect(message).not.toContain(part);
    }
  });
});

describe('readWitnessKeyFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-files-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function keyFile(text: string, mode = 0o600): string {
    const path = join(dir, 'witness.key');
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  }

  /** Whether `verifierKey` checks the cosignature `signer` makes of a checkpoint. */
  function cosignatureVerifies(
    signer: ReturnType<typeof readWitnessKeyFile>,
    verifierKey: string,
  ): boolean {
    const log = generateKey('example.com/log');
    const text = formatCheckpoint({
      origin: 'example.com/log',
      size: 3,
      rootHash: new Uint8Array(32).fill(7),
    });
    const note = signNote(text, [parsePrivateKey(log.privateKey)]);
    const cosigned = addSignatureLines(note, [cosign(text, signer, 1_700_000_000)]);
    const found = verifyCosignatures(cosigned, [parseWitnessVerifierKey(verifierKey)]);
    return found.length === 1 && found[0].timestamp === 1_700_000_000;
  }

  it('reads a witness key (0x04): it cosigns under the verifier key written beside it', () => {
    const pair = generateWitnessKey('witness.example');
    const signer = readWitnessKeyFile(keyFile(`${pair.privateKey}\n`), 'witness key');
    expect(signer.name).toBe('witness.example');
    expect(signer.verifierKey).toBe(pair.verifierKey);
    expect(cosignatureVerifies(signer, pair.verifierKey)).toBe(true);
  });

  it('reads a note key (0x01) as a witness key, under its witness verifier key (0x04)', () => {
    const pair = generateKey('witness.example');
    const signer = readWitnessKeyFile(keyFile(`${pair.privateKey}\n`), 'witness key');
    expect(signer.verifierKey).not.toBe(pair.verifierKey);
    expect(Buffer.from(signer.verifierKey.split('+').slice(2).join('+'), 'base64')[0]).toBe(0x04);
    expect(cosignatureVerifies(signer, signer.verifierKey)).toBe(true);
  });

  it('keeps the file rules of a private key', () => {
    const path = keyFile(`${generateWitnessKey('w').privateKey}\n`, 0o640);
    expect(() => readWitnessKeyFile(path, 'witness key')).toThrow(
      new KeyFileError(
        `witness key ${path}: group or others have access to it (mode 0640); a private key must be owner-only: chmod 600 ${path}`,
        path,
      ),
    );
  });

  it.each([
    ['its verifier key', (pair: { verifierKey: string }) => pair.verifierKey, 'PRIVATE+KEY+'],
    ['garbage', () => 'not a key', 'PRIVATE+KEY+'],
  ])('refuses %s, naming the file and not its text', (_what, text, reason) => {
    const pair = generateWitnessKey('w');
    const path = keyFile(`${text(pair)}\n`);
    let message = '';
    try {
      readWitnessKeyFile(path, 'witness key');
    } catch (error) {
      message = (error as KeyFileError).message;
    }
    expect(message).toMatch(new RegExp(`^witness key ${path}: not a witness key: `));
    expect(message).toContain(reason);
    expect(message).not.toContain(pair.verifierKey.split('+').slice(2).join('+'));
  });
});
