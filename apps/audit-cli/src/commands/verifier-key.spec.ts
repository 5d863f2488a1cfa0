import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, generateWitnessKey } from '@authtrail/signed-note';
import { usageError } from '../../../../test/fixtures/cli-usage-error';
import {
  loadAllWitnessKeys,
  loadVerifierKey,
  loadWitnessKeys,
  verifierKeyValue,
  witnessKeysValues,
} from './verifier-key';

const pair = generateKey('example.com/authtrail');

const usageMessage = (run: () => unknown): string => usageError(run).message;

describe('verifierKeyValue', () => {
  it('takes --key first, then AUTHTRAIL_VERIFY_KEY unless it is blank', () => {
    expect(verifierKeyValue('a', 'b')).toEqual({ value: 'a', source: '--key' });
    expect(verifierKeyValue(undefined, 'b')).toEqual({
      value: 'b',
      source: 'AUTHTRAIL_VERIFY_KEY',
    });
    expect(verifierKeyValue(undefined, ' ')).toBeUndefined();
    expect(verifierKeyValue(undefined, undefined)).toBeUndefined();
  });
});

describe('loadVerifierKey', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-verifier-key-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a verifier key given as its text or in a file, with white space around it', () => {
    const file = join(dir, 'log.key.pub');
    writeFileSync(file, `${pair.verifierKey}\n`);
    for (const value of [pair.verifierKey, ` ${pair.verifierKey}\n`, file]) {
      const verifier = loadVerifierKey('cmd', { value, source: '--key' });
      expect(verifier.name).toBe('example.com/authtrail');
    }
  });

  it('says what was tried when the value is neither a key nor a readable file', () => {
    const missing = join(dir, 'missing.pub');
    expect(usageMessage(() => loadVerifierKey('cmd', { value: missing, source: '--key' }))).toBe(
      `cmd: --key is neither a verifier key (a key is <name>+<key id>+<key data>) ` +
        `nor a readable file (ENOENT: no such file or directory, open '${missing}')`,
    );
    const mangled = pair.verifierKey.replace(/\+([0-9a-f]{8})\+/, '+00000000+');
    expect(
      usageMessage(() =>
        loadVerifierKey('cmd', { value: mangled, source: 'AUTHTRAIL_VERIFY_KEY' }),
      ),
    ).toMatch(
      /^cmd: AUTHTRAIL_VERIFY_KEY is neither a verifier key \(key id 00000000 of example\.com\/authtrail does not match/,
    );
  });

  it('refuses a file that holds something else', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello\n');
    expect(usageMessage(() => loadVerifierKey('cmd', { value: file, source: '--key' }))).toBe(
      `cmd: --key: ${file} holds no verifier key: a key is <name>+<key id>+<key data>`,
    );
  });

  it('refuses the private key, given or in a file, without showing it', () => {
    const file = join(dir, 'log.key');
    writeFileSync(file, `${pair.privateKey}\n`);
    const secret = pair.privateKey.split('+').slice(4).join('+');
    for (const value of [pair.privateKey, file]) {
      const message = usageMessage(() => loadVerifierKey('cmd', { value, source: '--key' }));
      expect(message).toMatch(/is a private key: give the log's verifier key/);
      expect(message).not.toContain(secret);
    }
  });
});

describe('loadWitnessKeys', () => {
  const [w1, w2] = ['w1.example', 'w2.example'].map(generateWitnessKey);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-witness-keys-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const names = (value: string) =>
    loadWitnessKeys('cmd', { value, source: '--witness-key' }).map((key) => key.name);

  it('takes each --witness-key first, then AUTHTRAIL_WITNESS_KEYS unless it is blank', () => {
    expect(witnessKeysValues(['a', 'c'], 'b')).toEqual([
      { value: 'a', source: '--witness-key' },
      { value: 'c', source: '--witness-key' },
    ]);
    expect(witnessKeysValues(undefined, 'b')).toEqual([
      { value: 'b', source: 'AUTHTRAIL_WITNESS_KEYS' },
    ]);
    expect(witnessKeysValues([], '\n')).toEqual([]);
  });

  it('reads keys separated by commas, as AUTHTRAIL_WITNESS_KEYS lists them', () => {
    expect(names(`${w1.verifierKey},${w2.verifierKey}, ${w1.verifierKey}`)).toEqual([
      'w1.example',
      'w2.example',
    ]);
    const comma = generateWitnessKey('w,3.example');
    expect(names(`${comma.verifierKey} ${w1.verifierKey}`)).toEqual(['w,3.example', 'w1.example']);
  });

  it('reads the keys of every --witness-key given, each key once', () => {
    const file = join(dir, 'one.txt');
    writeFileSync(file, `${w2.verifierKey}\n`);
    const values = [w1.verifierKey, file, `${w2.verifierKey},${w1.verifierKey}`].map((value) => ({
      value,
      source: '--witness-key',
    }));
    expect(loadAllWitnessKeys('cmd', values).map((key) => key.name)).toEqual([
      'w1.example',
      'w2.example',
    ]);
  });

  it('reads keys separated by white space, or a file of them, each key once', () => {
    expect(names(`${w1.verifierKey}\n ${w2.verifierKey} ${w1.verifierKey}`)).toEqual([
      'w1.example',
      'w2.example',
    ]);
    const file = join(dir, 'witnesses.txt');
    writeFileSync(file, `${w2.verifierKey}\n${w1.verifierKey}\n\n`);
    expect(names(file)).toEqual(['w2.example', 'w1.example']);
  });

  it("refuses an empty file, a log's note key, and a private key without showing it", () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(usageMessage(() => names(empty))).toBe(
      `cmd: --witness-key: ${empty} holds no verifier key: it holds no key`,
    );
    expect(usageMessage(() => names(`${w1.verifierKey} ${pair.verifierKey}`))).toMatch(
      /^cmd: --witness-key is neither a verifier key \(.*0x04.*\) nor a readable file/,
    );
    // PRIVATE+KEY+<name>+<id>+<data>: the data may hold '+' itself.
    const secret = w2.privateKey.split('+').slice(4).join('+');
    const message = usageMessage(() => names(`${w1.verifierKey} ${w2.privateKey}`));
    expect(message).toBe(
      "cmd: --witness-key is a private key: give the witnesses' verifier keys " +
        '(<name>+<key id>+<key data>, e.g. the .pub file)',
    );
    expect(message).not.toContain(secret);
  });
});
