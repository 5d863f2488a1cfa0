import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePrivateKey, parseVerifierKey, witnessVerifierKeyOf } from '@authtrail/signed-note';
import { runCli } from '../harness/run-cli';
import { runServiceUntilItEnds } from '../harness/service-process';
import { TestStack } from '../harness/test-stack';

/** The messages of the service's JSON log lines. */
function messages(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { message: string }).message);
}

/** The messages about signing and witness keys. */
const keyLines = (output: string): string[] =>
  messages(output).filter((message) => /(signing|witness) key /.test(message));

/**
 * The secret part of the private key in `file` (its base64 seed: everything after the key id,
 * since base64 may hold '+' itself).
 */
const seedOf = (file: string): string =>
  readFileSync(file, 'utf8').trim().split('+').slice(4).join('+');

/** The service's signing key: created owner-only at the first start, read later, or configured. */
describe('the signing key (real service)', () => {
  let dir: string;
  let stack: TestStack | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-keys-'));
  });

  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created beside the log at the first start, owner-only, and the same key is read after a restart', async () => {
    stack = await TestStack.start();
    const file = join(stack.dir, 'signing.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.pub`).mode & 0o777).toBe(0o644);
    const verifierKey = readFileSync(`${file}.pub`, 'utf8').trim();
    expect(parseVerifierKey(verifierKey).name).toBe(`authtrail-${hostname()}`);
    expect(parsePrivateKey(readFileSync(file, 'utf8').trim()).keyId).toBe(
      parseVerifierKey(verifierKey).keyId,
    );
    expect(keyLines(stack.service.output)).toEqual([
      `created signing key ${file}; verifier key: ${verifierKey}`,
    ]);
    expect(stack.service.output).not.toContain(seedOf(file));
    const seed = seedOf(file);

    expect(await stack.service.stop()).toBe(0);
    await stack.service.start();
    expect(keyLines(stack.service.output)).toEqual([
      `signing key ${file}; verifier key: ${verifierKey}`,
    ]);
    expect([seedOf(file), readFileSync(`${file}.pub`, 'utf8').trim()]).toEqual([seed, verifierKey]);
    expect(stack.service.output).not.toContain(seed);
  });

  it('stops the start with exit 2 and one line naming a configured key that group members may read', async () => {
    const file = join(dir, 'log.key');
    expect((await runCli(['keygen', 'example.com/log', '--out', file], {})).code).toBe(0);
    chmodSync(file, 0o640);
    const run = await runServiceUntilItEnds({
      AUTHTRAIL_DB: join(dir, 'db', 'authtrail.db'),
      AUTHTRAIL_SIGNING_KEY_FILE: file,
      NATS_URL: 'nats://127.0.0.1:1',
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `authtrail: signing key (AUTHTRAIL_SIGNING_KEY_FILE) ${file}: group or others have access to it (mode 0640); a private key must be owner-only: chmod 600 ${file}`,
    ]);
    expect(run.stdout + run.stderr).not.toContain(seedOf(file));
    expect(existsSync(join(dir, 'db', 'signing.key'))).toBe(false);
  });

  it('stops the start with exit 2 and one line when the witness key file holds no witness key', async () => {
    const file = join(dir, 'witness.key');
    expect((await runCli(['keygen', 'witness.example', '--out', file], {})).code).toBe(0);
    const start = () =>
      runServiceUntilItEnds({
        AUTHTRAIL_DB: join(dir, 'db', 'authtrail.db'),
        AUTHTRAIL_WITNESS_KEY_FILE: `${file}.pub`,
        NATS_URL: 'nats://127.0.0.1:1',
      });
    const run = await start();
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `authtrail: witness key (AUTHTRAIL_WITNESS_KEY_FILE) ${file}.pub: group or others have access to it (mode 0644); a private key must be owner-only: chmod 600 ${file}.pub\n`,
    );
    chmodSync(`${file}.pub`, 0o600);
    const again = await start();
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `authtrail: witness key (AUTHTRAIL_WITNESS_KEY_FILE) ${file}.pub: not a witness key: a private key starts with PRIVATE+KEY+\n`,
    );
  });

  it('reads keys made by authtrail keygen when they are configured, and creates none', async () => {
    const file = join(dir, 'log.key');
    const witnessFile = join(dir, 'witness.key');
    const made = await runCli(['keygen', 'example.com/log', '--out', file], {});
    const witness = await runCli(['keygen', 'witness.example', '--out', witnessFile], {});
    expect([made.code, witness.code]).toEqual([0, 0]);
    stack = await TestStack.start({
      AUTHTRAIL_SIGNING_KEY_FILE: file,
      AUTHTRAIL_WITNESS_KEY_FILE: witnessFile,
    });
    expect(keyLines(stack.service.output)).toEqual([
      `signing key ${file}; verifier key: ${made.stdout.trim()}`,
      // keygen wrote a note key: read as a witness key, it cosigns under its 0x04 verifier key
      `witness key ${witnessFile}; witness verifier key: ${witnessVerifierKeyOf(
        readFileSync(witnessFile, 'utf8').trim(),
      )}`,
    ]);
    expect(witness.stdout.trim()).not.toContain(
      witnessVerifierKeyOf(readFileSync(witnessFile, 'utf8').trim()),
    );
    expect(existsSync(join(stack.dir, 'signing.key'))).toBe(false);
    for (const key of [file, witnessFile]) {
      expect(stack.service.output).not.toContain(seedOf(key));
    }
  });
});
