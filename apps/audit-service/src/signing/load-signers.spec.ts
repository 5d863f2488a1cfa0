import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyFileError, writeKeyPairFiles } from '@authtrail/key-files';
import { generateKey, generateWitnessKey, witnessVerifierKeyOf } from '@authtrail/signed-note';
import { defaultKeyName } from './default-key-name';
import { loadSigners } from './load-signers';
import type { Signers } from './signers.provider';

describe('loadSigners', () => {
  let dir: string;
  let said: string[];
  const say = (line: string) => said.push(line);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-signers-'));
    said = [];
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the default key once, named for the host, and reads it afterwards', () => {
    const file = join(dir, 'signing.key');
    const config = { signingKey: { file, createWhenMissing: true } };
    const first = loadSigners(config, say);
    expect(first.log.name).toBe(defaultKeyName(hostname()));
    expect(first.witness).toBeNull();
    const second = loadSigners(config, say);
    expect(second.log.verifierKey).toBe(first.log.verifierKey);
    expect(said).toEqual([
      `created signing key ${file}; verifier key: ${first.log.verifierKey}`,
      `signing key ${file}; verifier key: ${first.log.verifierKey}`,
    ]);
    expect(readFileSync(`${file}.pub`, 'utf8')).toBe(`${first.log.verifierKey}\n`);
  });

  it('creates no default key over a verifier key left without its private key', () => {
    const file = join(dir, 'signing.key');
    writeFileSync(`${file}.pub`, 'an old verifier key\n');
    expect(() => loadSigners({ signingKey: { file, createWhenMissing: true } }, say)).toThrow(
      new KeyFileError(
        `signing key ${file} is missing and cannot be created: ${file}.pub exists: not overwritten (a key is not replaced by accident)`,
        file,
      ),
    );
    expect(said).toEqual([]);
  });

  it('never creates a configured key', () => {
    const file = join(dir, 'log.key');
    expect(() => loadSigners({ signingKey: { file, createWhenMissing: false } }, say)).toThrow(
      `signing key (AUTHTRAIL_SIGNING_KEY_FILE) ${file}: no such file`,
    );
  });

  /** A log key and the witness key file `write` makes: its path, and loadSigners over both. */
  function withWitnessFile(write: (file: string) => void): { file: string; load: () => Signers } {
    const logFile = join(dir, 'log.key');
    const file = join(dir, 'witness.key');
    writeKeyPairFiles(logFile, generateKey('example.com/log'));
    write(file);
    const config = {
      signingKey: { file: logFile, createWhenMissing: false },
      witnessKeyFile: file,
    };
    return { file, load: () => loadSigners(config, say) };
  }

  it('reads a configured witness key, and says its witness verifier key', () => {
    const pair = generateWitnessKey('witness.example');
    const { file, load } = withWitnessFile((path) => writeKeyPairFiles(path, pair));
    expect(load().witness?.verifierKey).toBe(pair.verifierKey);
    expect(said[1]).toBe(`witness key ${file}; witness verifier key: ${pair.verifierKey}`);
  });

  it('reads a note key as a witness key, and says the witness verifier key it cosigns under', () => {
    const pair = generateKey('witness.example');
    const { file, load } = withWitnessFile((path) => writeKeyPairFiles(path, pair));
    load();
    expect(said[1]).toBe(
      `witness key ${file}; witness verifier key: ${witnessVerifierKeyOf(pair.privateKey)}`,
    );
  });

  it('refuses a witness key file that holds no private key, naming the variable', () => {
    const verifierKey = generateWitnessKey('w').verifierKey;
    const { file, load } = withWitnessFile((path) =>
      writeFileSync(path, `${verifierKey}\n`, { mode: 0o600 }),
    );
    expect(load).toThrow(
      new KeyFileError(
        `witness key (AUTHTRAIL_WITNESS_KEY_FILE) ${file}: not a witness key: a private key starts with PRIVATE+KEY+`,
        file,
      ),
    );
  });
});
