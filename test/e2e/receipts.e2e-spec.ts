import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReceipt } from '@authtrail/audit-client';
import { Subjects } from '@authtrail/contracts';
import { AuthtrailPublisher, type PublishReceipt } from '@authtrail/publisher';
import {
  formatProof,
  openNote,
  parseCheckpoint,
  parseProof,
  parseVerifierKey,
} from '@authtrail/signed-note';
import { BOOT_A } from '../fixtures/auth-events';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

/**
 * Receipts against the real service: events published with the SDK, the checkpoint the service
 * signs, `authtrail audit prove` and `publisher.receipt`, each checked with the verifier key the
 * service created (and logged) and by the real CLI's `audit verify-proof`.
 */
describe('receipts (real service and CLI)', () => {
  let stack: TestStack;
  let publisher: AuthtrailPublisher;
  let verifierKey: string;
  let sent: PublishReceipt[];
  const cli = (...args: string[]) => runCli(args, stack.cliEnv);

  /** The log seq of an event, from audit.log.query. */
  const logSeqOf = async (eventId: string): Promise<number> => {
    const reply = await stack.request(Subjects.logQuery, {
      filters: [['event_id', '=', eventId]],
      options: { get: true, select: ['seq'] },
    });
    return (reply.body.result as { seq: number }).seq;
  };

  const login = (n: number) =>
    publisher.login({
      sessionId: `session-${n}`,
      internal: false,
      origin: `10.0.0.${n}:5000`,
      credentials: 'LOGIN_PASSWORD',
      credentialsData: { username: `user-${n}` },
    });

  beforeAll(async () => {
    stack = await TestStack.start();
    publisher = new AuthtrailPublisher(stack.nc, { host: 'nas-1', bootId: BOOT_A });
    sent = [];
    for (let n = 1; n <= 5; n++) sent.push(await login(n));
    await stack.waitUntilApplied(sent[4].seq, 15_000, 'nas-1');
    verifierKey = readFileSync(join(stack.dir, 'signing.key.pub'), 'utf8').trim();
  });

  afterAll(() => stack?.dispose());

  it('logs the verifier key of the key it created, the one beside the log', () => {
    expect(stack.service.output).toContain(`verifier key: ${verifierKey}`);
  });

  it('audit checkpoint prints the newest signed note exactly, which the key opens', async () => {
    const run = await cli('audit', 'checkpoint');
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.endsWith('\n\n')).toBe(false);
    const verifier = parseVerifierKey(verifierKey);
    const checkpoint = parseCheckpoint(openNote(run.stdout, [verifier]).text);
    expect(checkpoint.origin).toBe(verifier.name);
    expect(checkpoint.size).toBeGreaterThanOrEqual(1);
    const atSize = await cli('audit', 'checkpoint', '--size', String(checkpoint.size));
    expect(atSize).toEqual({ code: 0, stdout: run.stdout, stderr: '' });
  });

  it('audit prove prints a receipt the CLI verifies offline with the key, text or file', async () => {
    const seq = await logSeqOf(sent[1].eventId);
    const run = await cli('audit', 'prove', String(seq));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const file = join(stack.dir, `entry-${seq}.tlog-proof`);
    writeFileSync(file, run.stdout);
    expect(parseProof(run.stdout).index).toBe(seq - 1);

    const checked = checkReceipt(run.stdout, parseVerifierKey(verifierKey));
    expect(checked.seq).toBe(seq);
    expect(JSON.parse(checked.entryText)).toMatchObject({ seq, event_id: sent[1].eventId });

    const ok = `ok: entry ${seq} is in ${checked.origin} at size ${checked.size}\n`;
    const offline = { NATS_URL: 'nats://127.0.0.1:1' };
    for (const key of [verifierKey, join(stack.dir, 'signing.key.pub')]) {
      const verify = await runCli(['audit', 'verify-proof', file, '--key', key], offline);
      expect(verify).toEqual({ code: 0, stdout: ok, stderr: '' });
    }

    const proof = parseProof(run.stdout);
    const edited = checked.entryText.replace('user-2', 'user-9');
    expect(edited).not.toBe(checked.entryText);
    const tampered = join(stack.dir, 'tampered.tlog-proof');
    writeFileSync(tampered, formatProof({ ...proof, extra: Buffer.from(edited) }));
    const refused = await runCli(
      ['audit', 'verify-proof', tampered, '--key', verifierKey],
      offline,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^not verified: the audit path .* does not lead/);
  });

  it('audit prove proves an entry logged a moment ago (waiting for its checkpoint if need be)', async () => {
    const latest = await login(6);
    await stack.waitUntilApplied(latest.seq, 15_000, 'nas-1');
    const seq = await logSeqOf(latest.eventId);
    const run = await cli('audit', 'prove', String(seq));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(checkReceipt(run.stdout, parseVerifierKey(verifierKey))).toMatchObject({ seq });
  });

  it('audit prove of an entry the log does not have fails at once with exit 1', async () => {
    const started = Date.now();
    const run = await cli('audit', 'prove', '9999');
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'audit prove: the log has no entry 9999\n',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('audit checkpoint --size of a size never signed is the service’s 404 (exit 1)', async () => {
    const run = await cli('audit', 'checkpoint', '--size', '9999');
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'no checkpoint was signed at size 9999\n',
    });
  });

  it('publisher.receipt proves an event it published, by event id or by log seq', async () => {
    const verifier = parseVerifierKey(verifierKey);
    const fresh = await login(7); // asked for at once: the SDK waits for it to be logged
    const byEvent = await publisher.receipt(fresh);
    const seq = await logSeqOf(fresh.eventId);
    expect(checkReceipt(byEvent, verifier)).toMatchObject({ seq, origin: verifier.name });
    const bySeq = await publisher.receipt({ logSeq: seq });
    expect(checkReceipt(bySeq, verifier).entryText).toBe(checkReceipt(byEvent, verifier).entryText);
    const older = await publisher.receipt(sent[0]);
    expect(JSON.parse(checkReceipt(older, verifier).entryText).event_id).toBe(sent[0].eventId);
  });

  it('publisher.receipt names an event the log never got', async () => {
    await expect(
      publisher.receipt({ eventId: '0190f0e2-0000-7000-8000-000000000000' }, { waitMs: 500 }),
    ).rejects.toThrow(/^event 0190f0e2-0000-7000-8000-000000000000 is not in the log after 500 ms/);
  });
});
