import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyFileError, writeKeyPairFiles } from '@authtrail/key-files';
import { generateKey } from '@authtrail/signed-note';
import { defaultKeyName } from './default-key-name';
import { loadSigners } from './load-signers';

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

  it('reads a configured witness key, and says its verifier key', () => {
    const file = join(dir, 'log.key');
    const witnessFile = join(dir, 'witness.key');
    writeKeyPairFiles(file, generateKey('example.com/log'));
    const pair = generateKey('witness.example');
    writeKeyPairFiles(witnessFile, pair);
    const signers = loadSigners(
      { signingKey: { file, createWhenMissing: false }, witnessKeyFile: witnessFile },
      say,
    );
    expect(signers.witness?.verifierKey).toBe(pair.verifierKey);
    expect(said[1]).toBe(`witness key ${witnessFile}; verifier key: ${pair.verifierKey}`);
  });
});
