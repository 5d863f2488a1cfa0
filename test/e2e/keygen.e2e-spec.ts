import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNote, parsePrivateKey, parseVerifierKey, signNote } from '@authtrail/signed-note';
import { runCli } from '../harness/run-cli';

/** `authtrail keygen`: a key pair in the signed-note formats, written owner-only, never over a file. */
describe('authtrail keygen (real CLI)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-keygen-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a private key only its owner can read and prints the verifier key that checks it', async () => {
    const file = join(dir, 'log.key');
    const run = await runCli(['keygen', 'example.com/log', '--out', file], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`private key in ${file} (owner-only)`);
    const verifierText = run.stdout.trim();
    expect(verifierText).toMatch(/^example\.com\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(readFileSync(`${file}.pub`, 'utf8')).toBe(`${verifierText}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const privateText = readFileSync(file, 'utf8');
    expect(privateText).toMatch(/^PRIVATE\+KEY\+example\.com\/log\+[0-9a-f]{8}\+/);
    const signer = parsePrivateKey(privateText.trim());
    const verifier = parseVerifierKey(verifierText);
    expect(signer.keyId).toBe(verifier.keyId);
    const note = signNote('example.com/log\n1\nAAAA\n', [signer]);
    expect(openNote(note, [verifier]).verifiedSignatures).toHaveLength(1);
  });

  it('makes a new key each time', async () => {
    const a = await runCli(['keygen', 'k', '--out', join(dir, 'a.key')], {});
    const b = await runCli(['keygen', 'k', '--out', join(dir, 'b.key')], {});
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).not.toBe(b.stdout);
  });

  it('never replaces an existing key file, and writes neither file then', async () => {
    const file = join(dir, 'taken.key');
    writeFileSync(file, 'PRIVATE+KEY+mine\n');
    const run = await runCli(['keygen', 'k', '--out', file], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} exists: not overwritten`);
    expect(readFileSync(file, 'utf8')).toBe('PRIVATE+KEY+mine\n');
    expect(() => statSync(`${file}.pub`)).toThrow();

    const other = join(dir, 'other.key');
    writeFileSync(`${other}.pub`, 'a verifier\n');
    const second = await runCli(['keygen', 'k', '--out', other], {});
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`${other}.pub exists: not overwritten`);
    expect(() => statSync(other)).toThrow();
  });

  it('refuses a name the key format cannot hold with a usage error', async () => {
    for (const name of ['with space', 'a+b', '']) {
      const run = await runCli(['keygen', name, '--out', join(dir, 'x.key')], {});
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('invalid key name');
    }
    expect(() => statSync(join(dir, 'x.key'))).toThrow();
  });
});
