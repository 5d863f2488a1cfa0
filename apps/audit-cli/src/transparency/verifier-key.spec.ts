import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, generateWitnessKey } from '@authtrail/signed-note';
import { cliErrorOf } from '../../../../test/fixtures/cli-errors';
import { verifierKeyOf, witnessKeysOf } from './verifier-key';

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
    const two = { AUTHTRAIL_VERIFY_KEY: `${pair.verifierKey} ${other.verifierKey}` };
    expect(usage(() => verifierKeyOf('audit verify', { flag: undefined, env: two }))).toBe(
      'audit verify: AUTHTRAIL_VERIFY_KEY: give one verifier key, not 2',
    );
  });
});

describe('witnessKeysOf', () => {
  const [w1, w2] = ['w1.example', 'w2.example'].map(generateWitnessKey);
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'authtrail-witness-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const names = (keys: { name: string }[]) => keys.map((key) => key.name);

  it('reads keys separated by white space, from --witness-key or AUTHTRAIL_WITNESS_KEYS, each once', () => {
    const env = {
      AUTHTRAIL_WITNESS_KEYS: `${w1.verifierKey}\n ${w2.verifierKey} ${w1.verifierKey}`,
    };
    expect(names(witnessKeysOf('audit verify', { flag: undefined, env }))).toEqual([
      'w1.example',
      'w2.example',
    ]);
    expect(names(witnessKeysOf('audit verify', { flag: w2.verifierKey, env }))).toEqual([
      'w2.example',
    ]);
    expect(witnessKeysOf('audit verify', { flag: undefined, env: {} })).toEqual([]);
  });

  it('reads a file of keys, one a line', () => {
    const file = join(dir, 'witnesses.txt');
    writeFileSync(file, `${w1.verifierKey}\n${w2.verifierKey}\n\n`);
    expect(names(witnessKeysOf('audit verify', { flag: file, env: {} }))).toEqual([
      'w1.example',
      'w2.example',
    ]);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(usage(() => witnessKeysOf('audit verify', { flag: empty, env: {} }))).toBe(
      `audit verify: --witness-key: ${empty} holds no verifier key: it is empty`,
    );
  });

  it("refuses a log's note key where a witness key belongs", () => {
    const env = { AUTHTRAIL_WITNESS_KEYS: `${w1.verifierKey} ${pair.verifierKey}` };
    expect(usage(() => witnessKeysOf('audit verify', { flag: undefined, env }))).toMatch(
      /^audit verify: AUTHTRAIL_WITNESS_KEYS is neither a verifier key \(.*0x04.*\) nor a readable file/,
    );
  });
});
