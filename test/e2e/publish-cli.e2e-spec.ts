import { Subjects } from '@authtrail/contracts';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';
const NEXT_BOOT = '7e2d2f5f-9b4a-4c8f-8d3e-1f2a3b4c5d6e';

describe('authtrail publish <kind>, through the publisher SDK, end to end', () => {
  let stack: TestStack;
  const publish = (...args: string[]) =>
    runCli(['publish', ...args, '--host', 'truenas'], stack.cliEnv);
  // a new event is also checked in the log; a duplicate JetStream dropped is not
  const published = (seq: number, duplicates = 0) =>
    `published ${1 - duplicates} event(s), ${duplicates} duplicate(s), last stream seq ${seq}\n` +
    (duplicates === 0 ? 'the log stored 1 of 1\n' : '');
  const lastSeq = async () =>
    (await (await stack.nc.jetstreamManager()).streams.info('AUTH_EVENTS')).state.last_seq;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  it('publishes a login, a failed login and a logout that the service applies', async () => {
    const login = await publish(
      'login',
      '--boot-id',
      BOOT,
      '--session-id',
      's1',
      '--origin',
      '10.0.0.9:50000',
      '--credentials',
      'LOGIN_PASSWORD',
      '--username',
      'alice',
      '--at',
      '2026-01-02T03:04:05Z',
    );
    expect(login).toEqual({ code: 0, stdout: published(1), stderr: '' });
    const failed = await publish(
      'login-failed',
      '--boot-id',
      BOOT,
      '--origin',
      '10.0.0.9:50001',
      '--credentials',
      'LOGIN_PASSWORD',
      '--username',
      'mallory',
      '--error',
      'bad password',
    );
    expect(failed).toEqual({ code: 0, stdout: published(2), stderr: '' });

    const rows = await stack.sessions({ host: 'truenas' }, 2);
    expect(rows.body.result).toEqual([
      {
        id: 's1',
        current: false,
        internal: false,
        origin: '10.0.0.9:50000',
        credentials: 'LOGIN_PASSWORD',
        credentials_data: { username: 'alice' },
        created_at: { $date: Date.parse('2026-01-02T03:04:05Z') },
      },
    ]);
    const log = await stack.request(Subjects.logQuery, {
      filters: [['kind', '=', 'login_failed']],
      options: { select: ['event.error', 'event.credentials_data', 'stream_seq'] },
    });
    expect(log.body.result).toEqual([
      {
        event: { error: 'bad password', credentials_data: { username: 'mallory' } },
        stream_seq: 2,
      },
    ]);

    const logout = await publish('logout', '--boot-id', BOOT, '--session-id', 's1');
    expect(logout).toEqual({ code: 0, stdout: published(3), stderr: '' });
    expect((await stack.sessions({ host: 'truenas' }, 3)).body.result).toEqual([]);
  });

  it('re-publishes an event id as a duplicate with the stored sequence', async () => {
    const eventId = '018f3a2b-0000-7000-8000-0000000000b1';
    const first = await publish('boot', '--boot-id', NEXT_BOOT, '--event-id', eventId);
    const seq = await lastSeq();
    expect(first).toEqual({ code: 0, stdout: published(seq), stderr: '' });
    const again = await publish('boot', '--boot-id', NEXT_BOOT, '--event-id', eventId);
    expect(again).toEqual({ code: 0, stdout: published(seq, 1), stderr: '' });
    expect(await lastSeq()).toBe(seq);
  });

  it('refuses an invalid event with exit 2 and sends nothing', async () => {
    const before = await lastSeq();
    const long = await publish('logout', '--boot-id', BOOT, '--session-id', 'x'.repeat(129));
    expect(long).toEqual({
      code: 2,
      stdout: '',
      stderr: 'publish logout: --session-id must be shorter than or equal to 128 characters\n',
    });
    const badBoot = await publish('boot', '--boot-id', 'not-a-boot');
    expect(badBoot).toEqual({
      code: 2,
      stdout: '',
      stderr: 'publish boot: --boot-id must be a UUID, not "not-a-boot"\n',
    });
    expect(await lastSeq()).toBe(before);
  });

  it('answers a bad flag of a publish command as bad usage (exit 2) and sends nothing', async () => {
    const before = await lastSeq();
    const badChoice = await publish('login', '--session-id', 's', '--credentials', 'NOPE');
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toMatch(/'--credentials <type>' argument 'NOPE' is invalid/);
    const missing = await publish('logout', '--boot-id', BOOT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--session-id <id>' not specified/);
    expect(await lastSeq()).toBe(before);
  });
});
