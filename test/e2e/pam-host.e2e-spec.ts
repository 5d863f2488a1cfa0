import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subjects, type LogEntry } from '@authtrail/contracts';
import { SESSIONS_DIR, spoolOrder } from '@authtrail/host-agent';
import { CLI_BIN } from '../harness/paths';
import { PamService, requireRoot } from '../harness/pam-service';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/**
 * `authtrail pam` under the real PAM stack: pam_exec.so runs the built CLI for pamtester, against
 * a real nats-server and the service, and with NATS down (the spool).
 */
describe('authtrail pam under PAM', () => {
  const HOST = 'pamhost';
  let stack: TestStack;
  let dir: string;
  let spoolDir: string;
  let stateDir: string;
  let pamLog: string;
  const services: PamService[] = [];

  const execLine = (type: string, options = '') =>
    `${type} optional pam_exec.so quiet ${options} log=${pamLog} ${process.execPath} ${CLI_BIN} pam --config ${join(dir, 'host.env')}`;
  /** The auth stack's idiom: the hook runs only when the password check failed. */
  const stackLines = (authOptions = '') => [
    'auth [success=2 default=ignore] pam_unix.so nodelay',
    execLine('auth', authOptions),
    'auth requisite pam_deny.so',
    'auth required pam_permit.so',
    'account required pam_permit.so',
    execLine('session'),
  ];
  const service = (authOptions = '') => {
    const created = PamService.create(stackLines(authOptions));
    services.push(created);
    return created;
  };

  const logOf = async (): Promise<LogEntry[]> => {
    const reply = await stack.request(Subjects.logQuery, {
      filters: [['host', '=', HOST]],
      options: { order_by: ['seq'], limit: 10_000 },
    });
    return reply.body.result as LogEntry[];
  };
  const waitForLog = (what: string, done: (entries: LogEntry[]) => boolean) =>
    waitFor(what, async () => {
      const entries = await logOf();
      return done(entries) ? entries : undefined;
    });
  const spooledIds = () => spoolOrder(readdirSync(spoolDir)).map((entry) => entry.eventId);
  const userOf = (entry: LogEntry) =>
    entry.event.kind === 'login'
      ? entry.event.session.credentials_data.username
      : entry.event.kind === 'login_failed'
        ? entry.event.credentials_data.username
        : undefined;

  beforeAll(async () => {
    requireRoot();
    stack = await TestStack.start({ AUTHTRAIL_SAFE_CREDENTIAL_KEYS: 'pam_service,pam_tty' });
    dir = mkdtempSync(join(tmpdir(), 'authtrail-pam-'));
    spoolDir = join(dir, 'spool');
    stateDir = join(dir, 'state');
    pamLog = join(dir, 'pam.log');
    writeFileSync(
      join(dir, 'host.env'),
      [
        `NATS_URL=${stack.nats.url}`,
        `AUTHTRAIL_HOST=${HOST}`,
        `AUTHTRAIL_SPOOL_DIR=${spoolDir}`,
        `AUTHTRAIL_STATE_DIR=${stateDir}`,
        'AUTHTRAIL_PAM_TIMEOUT_MS=3000',
      ].join('\n'),
      { mode: 0o600 },
    );
  });

  afterAll(async () => {
    for (const created of services) created.remove();
    await stack?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs a failed password check as login_failed with the user as typed', async () => {
    const user = `mallory${randomUUID().slice(0, 8)}`;
    const run = await service().run(user, ['authenticate'], ['rhost=10.0.0.9'], 'wrong\n');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Authentication failure/);
    const entries = await waitForLog('the login_failed', (all) =>
      all.some((e) => userOf(e) === user),
    );
    const failed = entries.find((e) => userOf(e) === user)!;
    expect(failed.event).toMatchObject({
      kind: 'login_failed',
      origin: '10.0.0.9:0',
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: user, pam_service: expect.stringMatching(/^authtrail-test-/) },
      error: 'PAM authentication failed',
    });
    expect(failed.redacted).toEqual([]);
    expect(spooledIds()).toEqual([]);
  });

  it('logs open_session and close_session as a login and a logout of the same session id', async () => {
    const user = 'root';
    const before = (await logOf()).length;
    const run = await service().run(
      user,
      ['open_session', 'close_session'],
      ['tty=/dev/pts/77', 'rhost=2001:db8::5'],
    );
    expect(run.code).toBe(0);
    const entries = await waitForLog('login and logout', (all) => all.length >= before + 2);
    const [login, logout] = entries.slice(before);
    expect(login.event.kind).toBe('login');
    expect(logout.event.kind).toBe('logout');
    if (login.event.kind !== 'login' || logout.event.kind !== 'logout') return;
    expect(login.event.session).toMatchObject({
      internal: false,
      origin: '[2001:db8::5]:0',
      credentials: 'LOGIN_PASSWORD',
      credentials_data: {
        username: 'root',
        login_id: login.event.session.id,
        login_at: { $date: expect.any(Number) },
        pam_tty: '/dev/pts/77',
      },
    });
    expect(login.event.session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logout.event).toMatchObject({
      session: { id: login.event.session.id },
      reason: 'LOGOUT',
    });
    expect(readdirSync(join(stateDir, SESSIONS_DIR))).toEqual([]);
  });

  it('refuses expose_authtok without reading the password, and records nothing', async () => {
    const user = `eve${randomUUID().slice(0, 8)}`;
    const run = await service('expose_authtok').run(user, ['authenticate'], [], 'hunter2-secret\n');
    expect(run.code).not.toBe(0);
    expect(readFileSync(pamLog, 'utf8')).toMatch(/remove expose_authtok from the PAM line/);
    expect(spooledIds()).toEqual([]);
    // the same user's next failure, without expose_authtok, is the only one logged
    await service().run(user, ['authenticate'], [], 'wrong\n');
    const entries = await waitForLog('the later failure', (all) =>
      all.some((e) => userOf(e) === user),
    );
    expect(entries.filter((e) => userOf(e) === user)).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain('hunter2');
  });

  it('with NATS down, spools in order without holding the login; later sends each exactly once', async () => {
    const pam = service();
    const user = `trudy${randomUUID().slice(0, 8)}`;
    const before = (await logOf()).length;
    await stack.nats.stop();
    try {
      const failed = await pam.run(user, ['authenticate'], [], 'wrong\n');
      expect(failed.code).not.toBe(0);
      const session = await pam.run('root', ['open_session', 'close_session'], ['tty=tty7']);
      expect(session.code).toBe(0);
    } finally {
      await stack.nats.start();
    }
    const waiting = spooledIds();
    expect(waiting).toHaveLength(3);
    for (const name of readdirSync(spoolDir).filter((n) => n.endsWith('.json'))) {
      const event = JSON.parse(readFileSync(join(spoolDir, name), 'utf8')) as { event_id: string };
      expect(name).toContain(event.event_id);
    }
    // the next PAM call sends the spool first, in order, then its own event
    const next = `oscar${randomUUID().slice(0, 8)}`;
    await waitFor(
      'the next call to reach NATS',
      async () => {
        await pam.run(next, ['authenticate'], [], 'wrong\n');
        return spooledIds().length === 0 ? true : undefined;
      },
      30_000,
      500,
    );
    const entries = await waitForLog('the spooled events', (all) =>
      all.some((e) => userOf(e) === next),
    );
    const after = entries.slice(before).map((e) => e.event_id);
    expect(after.slice(0, 3)).toEqual(waiting);
    expect(new Set(after).size).toBe(after.length);
    expect(
      entries
        .slice(before)
        .map((e) => e.kind)
        .slice(0, 3),
    ).toEqual(['login_failed', 'login', 'logout']);
  });
});
