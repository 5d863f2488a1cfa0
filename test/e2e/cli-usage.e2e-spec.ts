import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subjects } from '@authtrail/contracts';
import { SEED_DIR } from '../harness/paths';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';
const seed = readFileSync(join(SEED_DIR, 'events.jsonl'), 'utf8');
const version = (
  JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('the CLI tells a new user what went wrong and what to do', () => {
  let stack: TestStack;
  const cli = (args: string[], input?: string) => runCli(args, stack.cliEnv, input);
  const entries = async () =>
    (await stack.request(Subjects.logQuery, { options: { count: true } })).body.result;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  it('publishes events from standard input with --file -, and says the log stored them', async () => {
    const run = await cli(['publish', '--file', '-'], seed);
    expect(run).toEqual({
      code: 0,
      stdout: 'published 2 event(s), 0 duplicate(s), last stream seq 2\nthe log stored 2 of 2\n',
      stderr: '',
    });
    expect(await entries()).toBe(2);
  });

  it('says when the log stored nothing new although JetStream took the event', async () => {
    // an event the log already has, sent again after JetStream's duplicate window (here: first
    // under another Nats-Msg-Id, which is what the window's end amounts to)
    const event = {
      ...(JSON.parse(seed.split('\n')[0]) as { event_id: string; host: string; kind: string }),
      event_id: '018f3a2b-0000-7000-8000-0000000000c1',
    };
    const seq = await stack.publish(event, undefined, 'another-message-id');
    await stack.waitUntilApplied(seq, 10_000, 'truenas');
    const before = await entries();
    const run = await cli(['publish', '--file', '-'], `${JSON.stringify(event)}\n`);
    expect(run).toEqual({
      code: 0,
      stdout:
        `published 1 event(s), 0 duplicate(s), last stream seq ${seq + 1}\n` +
        'the log stored 0 of 1: 1 had an event id already in the log, or the service refused them (see dead_letters in audit stats)\n',
      stderr: '',
    });
    expect(await entries()).toBe(before);
  });

  it('refuses a --host no host has and lists the known hosts (exit 1)', async () => {
    expect(await cli(['--host', 'nosuch', 'auth', 'sessions'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'no host "nosuch" is known; known hosts: truenas\n',
    });
    expect(await cli(['--host', 'nosuch', '-c', 'audit at seq=2 sessions id'])).toMatchObject({
      code: 1,
      stderr: 'no host "nosuch" is known; known hosts: truenas\n',
    });
    // a known host with no row matching is still the empty list
    const none = await cli(['--host', 'truenas', '-c', "auth sessions * WHERE origin == 'x'"]);
    expect(none).toEqual({ code: 0, stdout: '(empty list)\n', stderr: '' });
  });

  it('names --host when several hosts are known and none is given', async () => {
    const boot = await cli(['publish', 'boot', '--host', 'nas2', '--boot-id', BOOT]);
    expect(boot.code).toBe(0);
    expect(await cli(['auth', 'sessions'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'several hosts are known (nas2, truenas): name one with --host\n',
    });
  });

  it('names an unknown publish kind and the flag of a bad value (exit 2)', async () => {
    expect(await cli(['publish', 'logn'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'publish: unknown kind "logn": give one of login, logout, login-failed, boot, or --file <path>\n',
    });
    expect(await cli(['publish', 'login', '--boot-id', 'x', '--session-id', 's'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'publish login: --boot-id must be a UUID, not "x"\n',
    });
  });

  it('prints its version; -c "" and a malformed NATS_URL are bad usage (exit 2)', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await cli(['-c', ''])).toEqual({
      code: 2,
      stdout: '',
      stderr: '-c: give a command line, e.g. -c "auth sessions id"\n',
    });
    const bad = await runCli(['auth', 'sessions'], { NATS_URL: 'nats://127.0.0.1:99999x' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^authtrail: NATS_URL: /);
  });

  it('audit verify without a service says so, not which request went unanswered', async () => {
    await stack.service.stop();
    const run = await cli(['audit', 'verify']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "audit verify: no authtrail service is answering: the service checks the log's hash chain\n",
    });
  });
});
