import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProof, generateKey, parseProof } from '@authtrail/signed-note';
import { receiptText } from '@authtrail/audit-client';
import { entryTextOf, ReceiptLog } from '../fixtures/receipt-log';
import { runCli } from '../harness/run-cli';

/**
 * `authtrail audit verify-proof`: the real CLI checks receipts made here, offline. NATS_URL names
 * a port nothing listens on, so any attempt to connect would fail the run.
 */
describe('authtrail audit verify-proof (real CLI, offline)', () => {
  const log = new ReceiptLog('example.com/authtrail', 5);
  const receipt = receiptText(log.inclusion(3), log.checkpoint());
  const ok = 'ok: entry 3 is in example.com/authtrail at size 5\n';
  const offline = { NATS_URL: 'nats://127.0.0.1:1' };
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const verify = (args: string[], env: Record<string, string> = {}, input?: string) =>
    runCli(['audit', 'verify-proof', ...args], { ...offline, ...env }, input);
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-verify-proof-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a receipt with the key as text, as a file, or from AUTHTRAIL_VERIFY_KEY', async () => {
    const proof = file('entry-3.tlog-proof', receipt);
    const keyFile = file('log.key.pub', `${log.key.verifierKey}\n`);
    for (const [args, env] of [
      [[proof, '--key', log.key.verifierKey], {}],
      [['--key', keyFile, proof], {}],
      [[proof], { AUTHTRAIL_VERIFY_KEY: log.key.verifierKey }],
      [[proof], { AUTHTRAIL_VERIFY_KEY: keyFile }],
      [[`--key=${keyFile}`, '-'], {}],
    ] as [string[], Record<string, string>][]) {
      const input = args.includes('-') ? receipt : undefined;
      expect(await verify(args, env, input)).toEqual({ code: 0, stdout: ok, stderr: '' });
    }
  });

  it('checks the entry given with --entry against the receipt', async () => {
    const proof = file('e3.tlog-proof', receipt);
    const key = ['--key', log.key.verifierKey];
    const same = file('entry-3.json', `${entryTextOf(3)}\n`);
    expect(await verify([proof, ...key, '--entry', same])).toEqual({
      code: 0,
      stdout: ok,
      stderr: '',
    });
    const other = file('entry-4.json', entryTextOf(4));
    expect(await verify([proof, ...key, '--entry', other])).toEqual({
      code: 1,
      stdout: '',
      stderr: "not verified: the entry text differs from the receipt's\n",
    });
    const bare = file('bare.tlog-proof', formatProof({ ...parseProof(receipt), extra: undefined }));
    const tampered = file('tampered.json', entryTextOf(3).replace('nas-1', 'nas-9'));
    const run = await verify([bare, ...key, '--entry', tampered]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^not verified: the audit path \(3 hashes\) does not lead/);
  });

  it('fails with exit 1 and the reason for a tampered receipt or another key', async () => {
    const proof = parseProof(receipt);
    const tampered = file(
      'tampered.tlog-proof',
      formatProof({ ...proof, extra: Buffer.from(entryTextOf(3, 'nas-9')) }),
    );
    const run = await verify([tampered, '--key', log.key.verifierKey]);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(
      /^not verified: the audit path .* to the root of the checkpoint at size 5/,
    );

    const truncated = file(
      'short.tlog-proof',
      formatProof({ ...proof, hashes: proof.hashes.slice(1) }),
    );
    expect((await verify([truncated, '--key', log.key.verifierKey])).code).toBe(1);

    const other = generateKey('example.com/authtrail').verifierKey;
    const wrongKey = await verify([file('r.tlog-proof', receipt), '--key', other]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(
      /^not verified: the checkpoint is not signed by example\.com\/authtrail\+/,
    );
  });

  it('calls unreadable or malformed inputs usage errors, with a message and no stack trace', async () => {
    const proof = file('good.tlog-proof', receipt);
    const key = ['--key', log.key.verifierKey];
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        [join(dir, 'missing.tlog-proof'), ...key],
        {},
        /^audit verify-proof: cannot read the receipt .*missing\.tlog-proof: ENOENT/,
      ],
      [
        [file('junk.tlog-proof', 'hello\n'), ...key],
        {},
        /: not a receipt: malformed proof: no blank line before the checkpoint\n$/,
      ],
      [
        [proof],
        {},
        /^audit verify-proof: give the log's verifier key: --key <key or file>, or AUTHTRAIL_VERIFY_KEY\n$/,
      ],
      [
        [proof, '--key', 'nonsense'],
        {},
        /^audit verify-proof: --key is neither a verifier key \(.*\) nor a readable file/,
      ],
      [
        [proof],
        { AUTHTRAIL_VERIFY_KEY: join(dir, 'nope.pub') },
        /^audit verify-proof: AUTHTRAIL_VERIFY_KEY is neither/,
      ],
      [[proof, ...key, '--entry', dir], {}, /^audit verify-proof: cannot read the entry .*EISDIR/],
      [[...key], {}, /^audit verify-proof: give one receipt file\n/],
      [[proof, proof, ...key], {}, /^audit verify-proof: give one receipt file, not 2\n/],
      [[proof, ...key, '--size', '3'], {}, /^audit verify-proof: unknown option --size/],
    ];
    for (const [args, env, message] of cases) {
      const run = await verify(args, env);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      noStack(run.stderr);
      expect(run.code).toBe(2);
    }
  });

  it('lists the receipt commands in the audit namespace and explains them with man', async () => {
    const list = await runCli(['audit', 'ls'], offline);
    expect(list.stdout).toMatch(/^checkpoint +- Prints a signed checkpoint of the audit log$/m);
    expect(list.stdout).toMatch(
      /^prove +- Prints a receipt that a log entry is in the audit log$/m,
    );
    expect(list.stdout).toMatch(/^verify-proof +- Checks a receipt of a log entry offline$/m);
    const man = await runCli(['audit', 'man', 'verify-proof'], offline);
    expect(man.stdout).toContain(
      'Usage: verify-proof <file> [--key <verifier key or file>] [--entry <file>]',
    );
  });
});
