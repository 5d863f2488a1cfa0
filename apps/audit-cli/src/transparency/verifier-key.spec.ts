import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from '@authtrail/signed-note';
import { cliErrorOf } from '../../../../test/fixtures/cli-errors';
import { verifierKeyOf } from './verifier-key';

const pair = generateKey('authtrail-key.example/log');
const other = generateKey('authtrail-other.example/log');

const usage = (run: () => unknown) => cliErrorOf(run, 2).message;

describe('verifierKeyOf', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'authtrail-key-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key text from --key, else from AUTHTRAIL_VERIFY_KEY', () => {
    const env = { AUTHTRAIL_VERIFY_KEY: other.verifierKey };
    expect(verifierKeyOf('audit verify', { flag: pair.verifierKey, env })?.name).toBe(
      'authtrail-key.example/log',
    );
    expect(verifierKeyOf('audit verify', { flag: undefined, env })?.name).toBe(
      'authtrail-other.example/log',
    );
  });

  it('reads the key from a file, as keygen writes it', () => {
    const file = join(dir, 'log.key.pub');
    writeFileSync(file, `${pair.verifierKey}\n`);
    const verifier = verifierKeyOf('audit monitor', { flag: file, env: {} });
    expect(verifier?.name).toBe('authtrail-key.example/log');
    expect(
      verifierKeyOf('audit monitor', { flag: undefined, env: { AUTHTRAIL_VERIFY_KEY: file } })
        ?.keyId,
    ).toBe(verifier?.keyId);
  });

  it('gives none when neither is set', () => {
    expect(verifierKeyOf('audit verify', { flag: undefined, env: {} })).toBeUndefined();
    const blank = { AUTHTRAIL_VERIFY_KEY: ' ' };
    expect(verifierKeyOf('audit verify', { flag: undefined, env: blank })).toBeUndefined();
  });

  it('refuses what is neither a key nor a file holding one, naming where it came from', () => {
    const missing = join(dir, 'missing.pub');
    expect(usage(() => verifierKeyOf('audit monitor', { flag: missing, env: {} }))).toMatch(
      /^audit monitor: --key is neither a verifier key \(.+\) nor a readable file \(ENOENT: .+\)$/,
    );
    const env = { AUTHTRAIL_VERIFY_KEY: 'name+0000+AAAA' };
    expect(usage(() => verifierKeyOf('audit verify', { flag: undefined, env }))).toMatch(
      /^audit verify: AUTHTRAIL_VERIFY_KEY is neither a verifier key \(a key id is eight hex digits\)/,
    );
    const junk = join(dir, 'junk');
    writeFileSync(junk, 'not a key\n');
    expect(usage(() => verifierKeyOf('audit verify', { flag: junk, env: {} }))).toBe(
      `audit verify: --key: ${junk} holds no verifier key: a key is <name>+<key id>+<key data>`,
    );
    const secret = join(dir, 'log.key');
    writeFileSync(secret, `${pair.privateKey}\n`);
    expect(usage(() => verifierKeyOf('audit verify', { flag: secret, env: {} }))).toBe(
      `audit verify: --key: ${secret} holds no verifier key: a private key: give the verifier ` +
        'key (the .pub file authtrail keygen wrote)',
    );
  });
});
