import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subjects, type LogEntry } from '@authtrail/contracts';
import {
  SessionRecords,
  SESSIONS_DIR,
  spoolOrder,
  terminatePamSession,
  type SessionRecord,
} from '@authtrail/host-agent';
import { freePort } from '../harness/free-port';
import { CLI_BIN } from '../harness/paths';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** `authtrail agent` and the host side of terminate, against a real nats-server and service. */
describe('authtrail agent', () => {
  const HOST = 'agenthost';
  let stack: TestStack;
  let dir: string;
  let spoolDir: string;
  let stateDir: string;
  let config: string;
  const agents: ChildProcess[] = [];
  const sessions: ChildProcess[] = [];

  const bootFile = (bootId: string) => {
    const path = join(dir, `boot-${bootId}`);
    writeFileSync(path, `${bootId}\n`);
    return path;
  };
  const pamEnv = (type: string, user: string) => ({
    PAM_TYPE: type,
    PAM_SERVICE: 'sshd',
    PAM_USER: user,
    PAM_TTY: 'ssh',
  });
  /** One `authtrail pam` call; `natsUrl` to send elsewhere (an unreachable one spools). */
  const pam = (env: Record<string, string>, natsUrl = 'nats://127.0.0.1:1', extra: string[] = []) =>
    runCli(['pam', '--config', config, '--nats-url', natsUrl, ...extra], env);
  const logOf = async (): Promise<LogEntry[]> =>
    (
      await stack.request(Subjects.logQuery, {
        filters: [['host', '=', HOST]],
        options: { order_by: ['seq'], limit: 10_000 },
      })
    ).body.result as LogEntry[];
  const waitForLog = (what: string, done: (entries: LogEntry[]) => boolean) =>
    waitFor(what, async () => {
      const entries = await logOf();
      return done(entries) ? entries : undefined;
    });
  const sessionOf = (entry: LogEntry) =>
    entry.event.kind === 'login' || entry.event.kind === 'logout'
      ? entry.event.session.id
      : undefined;
  const userOf = (entry: LogEntry) =>
    entry.event.kind === 'login_failed' ? entry.event.credentials_data.username : undefined;

  function startAgent(
    bootIdFile: string,
    settings = config,
  ): { child: ChildProcess; output: () => string } {
    const child = spawn(
      process.execPath,
      [
        CLI_BIN,
        'agent',
        '--config',
        settings,
        '--boot-id-file',
        bootIdFile,
        '--interval-ms',
        '200',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } },
    );
    agents.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  }
  const exitOf = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve({ code: child.exitCode, signal: child.signalCode });
      } else child.once('exit', (code, signal) => resolve({ code, signal }));
    });

  beforeAll(async () => {
    stack = await TestStack.start();
    dir = mkdtempSync(join(tmpdir(), 'authtrail-agent-'));
    spoolDir = join(dir, 'spool');
    stateDir = join(dir, 'state');
    config = join(dir, 'host.env');
    writeFileSync(
      config,
      [
        `NATS_URL=${stack.nats.url}`,
        `AUTHTRAIL_HOST=${HOST}`,
        `AUTHTRAIL_SPOOL_DIR=${spoolDir}`,
        `AUTHTRAIL_STATE_DIR=${stateDir}`,
        'AUTHTRAIL_PAM_TIMEOUT_MS=1000',
      ].join('\n'),
      { mode: 0o600 },
    );
  });

  afterAll(async () => {
    for (const child of [...agents, ...sessions]) child.kill('SIGKILL');
    await stack?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends the spool in order, announces each boot once, and stops cleanly on SIGTERM', async () => {
    const users = [`u1${randomUUID().slice(0, 6)}`, `u2${randomUUID().slice(0, 6)}`];
    for (const user of users) expect((await pam(pamEnv('auth', user))).code).toBe(0);
    const waiting = spoolOrder(readdirSync(spoolDir)).map((entry) => entry.eventId);
    expect(waiting).toHaveLength(2);

    const bootId = randomUUID();
    const first = startAgent(bootFile(bootId));
    const entries = await waitForLog('the spool and the boot', (all) =>
      all.some((e) => e.kind === 'boot' && e.boot_id === bootId),
    );
    const ids = entries.map((e) => e.event_id);
    expect(ids.slice(ids.indexOf(waiting[0]), ids.indexOf(waiting[0]) + 3)).toEqual([
      ...waiting,
      entries.find((e) => e.kind === 'boot' && e.boot_id === bootId)!.event_id,
    ]);
    await waitFor('an empty spool', () =>
      spoolOrder(readdirSync(spoolDir)).length === 0 ? true : undefined,
    );
    first.child.kill('SIGTERM');
    expect(await exitOf(first.child)).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/SIGTERM: stopping\n.*stopped\n/);

    // a restart in the same boot announces nothing; a marker spooled after its start is sent
    const second = startAgent(bootFile(bootId));
    await waitFor('the restart', () =>
      /announced before/.test(second.output()) ? true : undefined,
    );
    const marker = `m${randomUUID().slice(0, 6)}`;
    expect((await pam(pamEnv('auth', marker))).code).toBe(0);
    const later = await waitForLog('the marker', (all) => all.some((e) => userOf(e) === marker));
    expect(later.filter((e) => e.kind === 'boot' && e.boot_id === bootId)).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect((await exitOf(second.child)).code).toBe(0);

    // a new boot is announced
    const nextBoot = randomUUID();
    const third = startAgent(bootFile(nextBoot));
    await waitForLog('the next boot', (all) =>
      all.some((e) => e.kind === 'boot' && e.boot_id === nextBoot),
    );
    third.child.kill('SIGTERM');
    expect((await exitOf(third.child)).code).toBe(0);
  });

  describe('terminatePamSession', () => {
    /** A session process: a shell that runs `authtrail pam` open_session, then `then`. */
    async function openSession(
      then: string,
      user = 'root',
    ): Promise<{ child: ChildProcess; record: SessionRecord }> {
      const open = `'${process.execPath}' '${CLI_BIN}' pam --config '${config}'`;
      const child = spawn('sh', ['-c', `${open} || exit 9; ${then}`], {
        stdio: 'ignore',
        env: { PATH: process.env.PATH ?? '', ...pamEnv('open_session', user) },
      });
      sessions.push(child);
      const records = new SessionRecords(stateDir);
      const record = await waitFor('the session record', () => {
        for (const name of readdirSync(join(stateDir, SESSIONS_DIR))) {
          const found = records.get(name.replace(/\.json$/, ''));
          if (found?.pid === child.pid) return found;
        }
        return undefined;
      });
      return { child, record };
    }
    const options = { graceMs: 1_000 };

    it('ends the recorded process with SIGTERM; then there is no such session', async () => {
      const { child, record } = await openSession('exec sleep 1000');
      await waitFor('the sleep', () => (child.pid && isSleeping(child.pid) ? true : undefined));
      expect(await terminatePamSession(stateDir, record.session_id, options)).toBe(true);
      expect(await exitOf(child)).toEqual({ code: null, signal: 'SIGTERM' });
      expect(await terminatePamSession(stateDir, record.session_id, options)).toBe(false);
      expect(await terminatePamSession(stateDir, randomUUID(), options)).toBe(false);
    });

    it('uses SIGKILL when the process ignores SIGTERM', async () => {
      const { child, record } = await openSession("trap '' TERM; exec sleep 1000");
      await waitFor('the sleep', () => (child.pid && isSleeping(child.pid) ? true : undefined));
      expect(await terminatePamSession(stateDir, record.session_id, options)).toBe(true);
      expect(await exitOf(child)).toEqual({ code: null, signal: 'SIGKILL' });
    });

    it("leaves the logout to the terminate command when the session's close_session runs", async () => {
      const close = `PAM_TYPE=close_session '${process.execPath}' '${CLI_BIN}' pam --config '${config}'`;
      const { child, record } = await openSession(
        `trap '${close.replace(/'/g, `'\\''`)}; kill $!; exit 0' TERM; sleep 1000 & wait`,
      );
      const before = await waitForLog('the login', (all) =>
        all.some((e) => e.kind === 'login' && sessionOf(e) === record.session_id),
      );
      expect(await terminatePamSession(stateDir, record.session_id, options)).toBe(true);
      expect(await exitOf(child)).toEqual({ code: 0, signal: null });
      expect(spoolOrder(readdirSync(spoolDir))).toEqual([]);
      expect(readdirSync(join(stateDir, SESSIONS_DIR))).toEqual([]);
      expect(
        (await logOf())
          .slice(before.length)
          .filter((e) => e.kind === 'logout' && sessionOf(e) === record.session_id),
      ).toEqual([]);
    });

    it('never signals a process whose pid was reused (another start time)', async () => {
      const records = new SessionRecords(stateDir);
      const sessionId = randomUUID();
      records.put('forged', {
        session_id: sessionId,
        pid: process.pid,
        pid_start: '1',
        boot_id: randomUUID(),
        service: 'sshd',
        user: 'root',
        opened_at: new Date().toISOString(),
      });
      expect(await terminatePamSession(stateDir, sessionId, options)).toBe(false);
      records.remove('forged');
    });
  });

  it('ends a PAM session when auth.terminate_session asks the running agent', async () => {
    // A host of its own, so that the boots announced above play no part in its sessions.
    const host = 'agentterm';
    const hostDir = join(dir, host);
    const settings = join(dir, `${host}.env`);
    writeFileSync(
      settings,
      [
        `NATS_URL=${stack.nats.url}`,
        `AUTHTRAIL_HOST=${host}`,
        `AUTHTRAIL_SPOOL_DIR=${join(hostDir, 'spool')}`,
        `AUTHTRAIL_STATE_DIR=${join(hostDir, 'state')}`,
      ].join('\n'),
      { mode: 0o600 },
    );
    const boot = bootFile(randomUUID());
    const agent = startAgent(boot, settings);
    await waitFor('the agent to answer commands', () =>
      /answering terminate commands on auth\.commands\.agentterm\.terminate/.test(agent.output())
        ? true
        : undefined,
    );
    await waitFor('the boot in the log', async () => {
      const reply = await stack.request(Subjects.logQuery, { filters: [['host', '=', host]] });
      return (reply.body.result as LogEntry[]).length === 1 ? true : undefined;
    });
    const open = `'${process.execPath}' '${CLI_BIN}' pam --config '${settings}' --boot-id-file '${boot}'`;
    const session = spawn('sh', ['-c', `${open} || exit 9; exec sleep 1000`], {
      stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '', ...pamEnv('open_session', 'root') },
    });
    sessions.push(session);
    const rows = () =>
      stack
        .request(Subjects.sessions, { host, options: { select: ['id'] } })
        .then((reply) => (reply.body.result ?? []) as { id: string }[]);
    const [{ id }] = await waitFor('the session in auth.sessions', async () => {
      const live = await rows();
      return live.length === 1 ? live : undefined;
    });
    await waitFor('the sleep', () => (session.pid && isSleeping(session.pid) ? true : undefined));

    const reply = await stack.request(Subjects.terminateSession, { id, host });
    expect(reply.body).toEqual({ result: true });
    expect(await exitOf(session)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await rows()).toEqual([]);
    const log = (
      await stack.request(Subjects.logQuery, {
        filters: [['host', '=', host]],
        options: { order_by: ['seq'] },
      })
    ).body.result as LogEntry[];
    expect(log.map((e) => [e.kind, sessionOf(e) ?? null])).toEqual([
      ['boot', null],
      ['login', id],
      ['logout', id],
      ['terminate', null],
    ]);
    expect(log[2].event).toMatchObject({ reason: 'TERMINATED' });
    expect(log[3].event).toMatchObject({ session: { id }, outcome: 'TERMINATED' });
    expect(await stack.request(Subjects.terminateSession, { id, host })).toMatchObject({
      body: { result: false },
    });
    agent.child.kill('SIGTERM');
    expect((await exitOf(agent.child)).code).toBe(0);
  });

  describe('hostile input', () => {
    it('never holds a login on a NATS that accepts and never answers: spooled within the timeout', async () => {
      const port = await freePort();
      const held: Socket[] = [];
      const server: Server = createServer((socket) => held.push(socket));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      try {
        const user = `slow${randomUUID().slice(0, 6)}`;
        const run = await pam(pamEnv('auth', user), `nats://127.0.0.1:${port}`, [
          '--timeout-ms',
          '500',
        ]);
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(/event\(s\) wait in|no answer from NATS/);
        const waiting = spoolOrder(readdirSync(spoolDir));
        expect(waiting.length).toBeGreaterThan(0);
      } finally {
        for (const socket of held) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      }
      // sent by the next call that reaches NATS
      expect((await pam(pamEnv('auth', 'next'), stack.nats.url)).code).toBe(0);
      expect(spoolOrder(readdirSync(spoolDir))).toEqual([]);
    });

    it.each([
      ['no PAM variables', {}, 2, /PAM_TYPE is not set/],
      ['PAM_TYPE account', { ...pamEnv('account', 'root') }, 2, /PAM_TYPE "account"/],
      [
        'a newline in a session user',
        { ...pamEnv('open_session', 'ro\not') },
        2,
        /PAM_USER must be/,
      ],
      ['an odd PAM_RHOST', { ...pamEnv('auth', 'x'), PAM_RHOST: 'a b;c' }, 2, /PAM_RHOST must be/],
      ['a close without an open', { ...pamEnv('close_session', 'nobody') }, 1, /no open session/],
    ])('%s: a clear message, nothing spooled', async (_what, env, code, message) => {
      const run = await pam(env as Record<string, string>);
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(spoolOrder(readdirSync(spoolDir))).toEqual([]);
    });

    it('refuses a password on standard input without reading it', async () => {
      const run = await runCli(['pam', '--config', config], pamEnv('auth', 'x'), 'hunter2\n');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/remove expose_authtok/);
      expect(spoolOrder(readdirSync(spoolDir))).toEqual([]);
    });

    it.each([
      ['an unknown key', 'NATS_URLS=x\n', /unknown key "NATS_URLS"/],
      ['a relative spool dir', 'AUTHTRAIL_SPOOL_DIR=spool\n', /not an absolute path/],
      ['a bad host', 'AUTHTRAIL_HOST=a.b\n', /host "a\.b"/],
    ])('refuses a settings file with %s (exit 2)', async (_what, text, message) => {
      const file = join(dir, `bad-${randomUUID()}.env`);
      writeFileSync(file, text, { mode: 0o600 });
      for (const command of ['pam', 'agent']) {
        const run = await runCli([command, '--config', file], pamEnv('auth', 'x'));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
      }
    });

    it('refuses a settings file others may write', async () => {
      const file = join(dir, 'open.env');
      writeFileSync(file, `AUTHTRAIL_SPOOL_DIR=${spoolDir}\nAUTHTRAIL_STATE_DIR=${stateDir}\n`);
      chmodSync(file, 0o666);
      const run = await runCli(['agent', '--config', file], {});
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/may be written by others/);
    });
  });
});

function isSleeping(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep';
  } catch {
    return false;
  }
}
