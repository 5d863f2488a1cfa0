import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_BUCKET, checkpointFeedSubject, originToken } from '@authtrail/contracts';
import {
  formatCheckpoint,
  generateKey,
  parsePrivateKey,
  signNote,
  type Signer,
} from '@authtrail/signed-note';
import { keyLabel } from '../../apps/audit-cli/src/transparency/checkpoint-note';
import { eventHistory } from '../fixtures/event-history';
import {
  checkpointOfSize,
  publishedCheckpoint,
  signingKeyFile,
  verifierKeyFile,
  verifierOf,
} from '../harness/checkpoints';
import { publishPaced } from '../harness/paced-publisher';
import { CLI_BIN } from '../harness/paths';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** A checkpoint of the log's origin at `size` with a root the log never had, signed by `by`. */
function forgedNote(origin: string, size: number, by: Signer): { note: string; root: string } {
  const rootHash = new Uint8Array(randomBytes(32));
  const note = signNote(formatCheckpoint({ origin, size, rootHash }), [by]);
  return { note, root: Buffer.from(rootHash).toString('base64') };
}

describe('authtrail audit monitor against the running service', () => {
  let stack: TestStack;
  let origin: string;
  let stateDir: string;
  const events = eventHistory(400, 3, 41);
  const monitor = (...extra: string[]) =>
    runCli(['audit', 'monitor', '--state', stateDir, ...extra], {
      ...stack.cliEnv,
      AUTHTRAIL_VERIFY_KEY: verifierKeyFile(stack),
    });
  const stateFile = () => join(stateDir, 'checkpoint');
  /** The service's checkpoint once it is of `size` and in the bucket: its root. */
  const grownTo = async (size: number) => {
    const { root } = await checkpointOfSize(stack, size);
    await publishedCheckpoint(stack, size);
    return root;
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    origin = verifierOf(stack).name;
    stateDir = join(stack.dir, 'monitor', 'state');
  });

  afterAll(() => stack?.dispose());

  it('needs a key, and has nothing to check before the log signed a checkpoint', async () => {
    const keyless = await runCli(['audit', 'monitor', '--state', stateDir], stack.cliEnv);
    expect(keyless).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "audit monitor: give the verifier key of the log's checkpoints (--key or AUTHTRAIL_VERIFY_KEY)\n",
    });
    expect(await monitor()).toEqual({
      code: 1,
      stdout: '',
      stderr: `audit monitor: nothing to check: no checkpoint of ${origin} in ${CHECKPOINT_BUCKET} yet\n`,
    });
  });

  it('trusts the first checkpoint, stores it owner-only, then finds it unchanged', async () => {
    await publishPaced(stack.nc, events.slice(0, 100), 10_000);
    const root = await grownTo(100);
    const first = await monitor();
    expect(first).toEqual({
      code: 0,
      stdout: `first checkpoint: ${origin} at size 100, root ${root}, trusted on first use and stored\n`,
      stderr: '',
    });
    expect(readFileSync(stateFile(), 'utf8')).toBe(await publishedCheckpoint(stack, 100));
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);
    expect(await monitor()).toEqual({
      code: 0,
      stdout: `unchanged: ${origin} at size 100, root ${root}\n`,
      stderr: '',
    });
  });

  it('advances with the consistency proof as the log grows, across a restart of the service', async () => {
    const before = await grownTo(100);
    await publishPaced(stack.nc, events.slice(100, 200), 10_000);
    const grown = await grownTo(200);
    expect((await monitor()).stdout).toBe(
      `advanced: ${origin} from size 100 (root ${before}) to size 200 (root ${grown}), ` +
        'consistency proof verified\n',
    );
    await stack.service.stop();
    await stack.service.start();
    expect(await monitor()).toMatchObject({
      code: 0,
      stdout: `unchanged: ${origin} at size 200, root ${grown}\n`,
    });
    await publishPaced(stack.nc, events.slice(200, 300), 10_000);
    const after = await grownTo(300);
    expect(await monitor()).toEqual({
      code: 0,
      stdout:
        `advanced: ${origin} from size 200 (root ${grown}) to size 300 (root ${after}), ` +
        'consistency proof verified\n',
      stderr: '',
    });
    expect(readFileSync(stateFile(), 'utf8')).toBe(await publishedCheckpoint(stack, 300));
  });

  it('lets audit verify compare the log with the checkpoint the monitor kept, or a receipt', async () => {
    const root = await grownTo(300);
    const verify = (file: string) =>
      runCli(['audit', 'verify', '--checkpoint', file], {
        ...stack.cliEnv,
        AUTHTRAIL_VERIFY_KEY: verifierKeyFile(stack),
      });
    const matches =
      'ok: 300 entries verified\n' +
      `ok: the log matches the checkpoint of ${origin} at size 300, root ${root}\n`;
    expect(await verify(stateFile())).toEqual({ code: 0, stdout: matches, stderr: '' });
    const receipt = await runCli(['audit', 'prove', '7'], stack.cliEnv);
    expect(receipt.code).toBe(0);
    const receiptFile = join(stack.dir, 'entry-7.tlog-proof');
    writeFileSync(receiptFile, receipt.stdout);
    expect(await verify(receiptFile)).toEqual({ code: 0, stdout: matches, stderr: '' });
    const missing = join(stack.dir, 'none');
    expect(await verify(missing)).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `audit verify: --checkpoint: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
    });
  });

  it('exits 1 on a forged newer checkpoint in the bucket, keeping the last verified one', async () => {
    const verified = await grownTo(300);
    const state = readFileSync(stateFile(), 'utf8');
    const kv = await stack.nc.jetstream().views.kv(CHECKPOINT_BUCKET, { bindOnly: true });
    const key = originToken(origin);
    let genuine = (await kv.get(key))!.string();
    const last = `the last verified is size 300 (root ${verified})`;
    /** The monitor's run once `note` is the bucket's newest: exit 1 with the line `stderr`. */
    const refuses = async (note: string, stderr: string) => {
      await kv.put(key, note);
      expect(await monitor()).toEqual({ code: 1, stdout: '', stderr: `${stderr}\n` });
    };
    try {
      // another key under the log's name
      const other = parsePrivateKey(generateKey(origin).privateKey);
      const byOther = forgedNote(origin, 400, other);
      await refuses(
        byOther.note,
        `inconsistent: the newest checkpoint (claiming size 400, root ${byOther.root}) is not ` +
          `one the key ${keyLabel(verifierOf(stack))} signed: note has no verifiable signatures ` +
          `(signed only by unknown keys: ${keyLabel(other)}); ${last}`,
      );

      // the log's own key over a tree the log cannot prove it grew into: a split view
      const own = parsePrivateKey(readFileSync(signingKeyFile(stack), 'utf8').trim());
      await publishPaced(stack.nc, events.slice(300, 320), 10_000);
      await grownTo(320);
      genuine = (await kv.get(key))!.string();
      const split = forgedNote(origin, 310, own);
      await refuses(
        split.note,
        `inconsistent: ${origin}'s proof that size 310 (root ${split.root}) extends size 300 ` +
          `(root ${verified}) does not verify`,
      );
      const sameSize = forgedNote(origin, 300, own);
      await refuses(
        sameSize.note,
        `inconsistent: ${origin} signed two roots at size 300: ${verified} (verified before) ` +
          `and ${sameSize.root}`,
      );
      const smaller = forgedNote(origin, 299, own);
      await refuses(
        smaller.note,
        `inconsistent: ${origin} signed size 299 (root ${smaller.root}) after size 300 ` +
          `(root ${verified}): a log only grows`,
      );
      expect(readFileSync(stateFile(), 'utf8')).toBe(state);
    } finally {
      // the service compares its own key's newest published checkpoint with its log at start
      await kv.put(key, genuine);
    }
  });

  it('--follow checks each checkpoint of the feed, logs an inconsistency and goes on until SIGTERM', async () => {
    const args = ['audit', 'monitor', '--state', stateDir, '--follow'];
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        ...stack.cliEnv,
        AUTHTRAIL_VERIFY_KEY: readFileSync(verifierKeyFile(stack), 'utf8').trim(),
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor('the monitor to follow the feed', () =>
        err.includes(`following ${checkpointFeedSubject(origin)} (Ctrl-C to stop)\n`)
          ? true
          : undefined,
      );
      const at320 = await grownTo(320);
      expect(out).toContain(`advanced: ${origin} from size 300 `);
      expect(out).toContain(`to size 320 (root ${at320}), consistency proof verified\n`);

      const other = parsePrivateKey(generateKey(origin).privateKey);
      stack.nc.publish(checkpointFeedSubject(origin), forgedNote(origin, 500, other).note);
      await waitFor('the forged checkpoint to be logged', () =>
        err.includes('inconsistent: the newest checkpoint (claiming size 500, root ')
          ? true
          : undefined,
      );

      await publishPaced(stack.nc, events.slice(320, 400), 10_000);
      const at400 = await grownTo(400);
      await waitFor('the monitor to advance to size 400', () =>
        out.includes(`to size 400 (root ${at400}), consistency proof verified\n`)
          ? true
          : undefined,
      );
      expect(err).not.toMatch(/skipped|the connection/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(readFileSync(stateFile(), 'utf8')).toBe(await publishedCheckpoint(stack, 400));
  });
});
