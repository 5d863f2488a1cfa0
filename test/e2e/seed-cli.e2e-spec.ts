import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_DIR } from '../harness/paths';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

const CALLER = 'f01274e8-4954-4926-9346-76a16d3648dd';
const fixture = (name: string) => readFileSync(join(SEED_DIR, name), 'utf8');

describe('seed events to the TrueNAS CLI tables, end to end', () => {
  let stack: TestStack;
  const cli = (...args: string[]) =>
    runCli(['--host', 'truenas', '--session', CALLER, ...args], stack.cliEnv);

  beforeAll(async () => {
    stack = await TestStack.start();
    const published = await runCli(
      ['publish', '--file', join(SEED_DIR, 'events.jsonl')],
      stack.cliEnv,
    );
    expect(published).toMatchObject({ code: 0, stderr: '' });
    expect(published.stdout).toBe(
      'published 2 event(s), 0 duplicate(s), last stream seq 2\nthe log stored 2 of 2\n',
    );
    const reply = await stack.sessions({ host: 'truenas' }, 2);
    expect(reply.body.result).toHaveLength(2);
  });

  afterAll(() => stack?.dispose());

  it('prints `auth sessions` byte for byte', async () => {
    const run = await cli('auth', 'sessions');
    expect(run).toEqual({ code: 0, stdout: fixture('sessions.txt'), stderr: '' });
  });

  it.each(['id', 'current', 'internal', 'origin', 'credentials', 'created_at'])(
    'prints `auth sessions %s` byte for byte',
    async (field) => {
      const run = await cli('auth', 'sessions', field);
      expect(run).toEqual({ code: 0, stdout: fixture(`sessions_${field}.txt`), stderr: '' });
    },
  );

  it('accepts the line as -c and `*` for all columns', async () => {
    expect((await cli('-c', 'auth sessions *')).stdout).toBe(fixture('sessions.txt'));
    expect((await cli('-c', 'auth sessions id')).stdout).toBe(fixture('sessions_id.txt'));
  });

  it('takes the caller from AUTHTRAIL_SESSION', async () => {
    const run = await runCli(['--host', 'truenas', 'auth', 'sessions', 'current'], {
      ...stack.cliEnv,
      AUTHTRAIL_SESSION: CALLER,
    });
    expect(run.stdout).toBe(fixture('sessions_current.txt'));
  });

  it('marks no row current without a caller session', async () => {
    const run = await runCli(['--host', 'truenas', 'auth', 'sessions', 'current'], stack.cliEnv);
    expect(run.stdout).toBe(
      '+---------+\n| current |\n+---------+\n| false   |\n| false   |\n+---------+\n',
    );
  });

  it('prints csv and json modes', async () => {
    const csv = await cli('--mode', 'csv', 'auth', 'sessions', 'id,current');
    expect(csv.stdout).toBe(
      'id,current\r\n8a21fefe-1255-42eb-a86d-8a7f74752b94,false\r\nf01274e8-4954-4926-9346-76a16d3648dd,true\r\n\n',
    );
    const json = await cli('--mode', 'json', 'auth', 'sessions', 'id');
    expect(JSON.parse(json.stdout)).toEqual([
      { id: '8a21fefe-1255-42eb-a86d-8a7f74752b94' },
      { id: CALLER },
    ]);
  });

  it('answers an unknown namespace with exit 1 and a message on stderr', async () => {
    expect(await cli('foo')).toEqual({ code: 1, stdout: '', stderr: 'Namespace foo not found\n' });
    expect(await cli('sessions')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Namespace sessions not found\n',
    });
  });

  it('answers bad usage with exit 2', async () => {
    const unknown = await cli('--bogus', 'auth', 'sessions');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const badMode = await cli('--mode', 'yaml', 'auth', 'sessions');
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toContain("'yaml' is invalid");
  });

  it('says so when no service answers', async () => {
    const run = await runCli(['auth', 'sessions'], {
      NATS_URL: stack.nats.url.replace(/\d+$/, '1'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
  });
});
