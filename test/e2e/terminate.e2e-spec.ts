import { randomUUID } from 'node:crypto';
import {
  ERROR_CODE_HEADER,
  hostCommandSubject,
  Subjects,
  type LogEntryView,
  type TerminateEvent,
} from '@authtrail/contracts';
import {
  AuthtrailPublisher,
  type CommandServer,
  type TerminateRequest,
} from '@authtrail/publisher';
import { BOOT_A } from '../fixtures/auth-events';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

/** The host's bound for answering a command, short so the unanswered cases end soon. */
const BOUND_MS = 1500;
const encoder = new TextEncoder();

/** A host as the SDK serves it: its own live sessions, and every command its handler got. */
class FakeHost {
  readonly live = new Set<string>();
  readonly calls: TerminateRequest[] = [];
  /** Sessions whose ending fails (the handler throws). */
  readonly failing = new Set<string>();
  readonly publisher: AuthtrailPublisher;
  server?: CommandServer;

  constructor(
    stack: TestStack,
    readonly host: string,
  ) {
    this.publisher = new AuthtrailPublisher(stack.nc, { host, bootId: BOOT_A });
  }

  async serve(): Promise<this> {
    this.server = this.publisher.serveCommands({
      terminate: async (sessionId, request) => {
        this.calls.push(request);
        if (this.failing.has(sessionId)) throw new Error('pam_close_session failed');
        return this.live.delete(sessionId);
      },
    });
    await this.server.ready;
    return this;
  }

  /** Logs sessions in; resolves with the stream sequence of the last login. */
  async login(ids: string[], internal = false): Promise<number> {
    let seq = 0;
    for (const sessionId of ids) {
      this.live.add(sessionId);
      ({ seq } = await this.publisher.login({
        sessionId,
        internal,
        origin: internal ? 'UNIX socket (pid=1 uid=0 gid=0)' : '10.0.0.9:50000',
        credentials: internal ? 'UNIX_SOCKET' : 'LOGIN_PASSWORD',
        credentialsData: { username: 'root' },
      }));
    }
    return seq;
  }
}

describe('terminating sessions (auth.terminate_session, auth.terminate_other_sessions)', () => {
  let stack: TestStack;
  const hosts: FakeHost[] = [];

  const rpc = (subject: string, body: unknown) => stack.request(subject, body);
  const ids = async (host: string) =>
    ((await stack.sessions({ host })).body.result as { id: string }[]).map((row) => row.id);
  /** The log's terminate records about a session, oldest first. */
  const records = async (sessionId: string): Promise<TerminateEvent[]> => {
    const reply = await rpc(Subjects.logQuery, {
      filters: [
        ['kind', '=', 'terminate'],
        ['session.id', '=', sessionId],
      ],
    });
    return (reply.body.result as LogEntryView[]).map((entry) => entry.event as TerminateEvent);
  };
  const host = async (name: string, serve = true) => {
    const fake = new FakeHost(stack, name);
    hosts.push(fake);
    return serve ? fake.serve() : fake;
  };

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_TERMINATE_TIMEOUT_MS: String(BOUND_MS) });
  });

  afterAll(async () => {
    for (const fake of hosts) await fake.server?.stop();
    await stack?.dispose();
  });

  it('ends one session: true, gone from auth.sessions at once, and the request and its outcome in the log', async () => {
    const nas = await host('nas');
    await stack.sessions({ host: 'nas' }, await nas.login(['c', 's1', 's2']));

    const reply = await rpc(Subjects.terminateSession, {
      id: 's1',
      host: 'nas',
      requested_by: 'alice',
      caller_session_id: 'c',
    });
    expect(reply.body).toEqual({ result: true });
    // No after_seq: the answer came only once the logout was applied.
    expect(await ids('nas')).toEqual(['c', 's2']);
    expect(nas.calls).toEqual([
      { requestId: expect.any(String) as string, sessionId: 's1', requestedBy: 'alice' },
    ]);

    const entries = (await rpc(Subjects.logQuery, { filters: [['session.id', '=', 's1']] })).body
      .result as LogEntryView[];
    expect(entries.map((entry) => entry.kind)).toEqual(['login', 'logout', 'terminate']);
    expect(entries[1].event).toMatchObject({ reason: 'TERMINATED', boot_id: BOOT_A });
    expect(entries[2].event).toMatchObject({
      host: 'nas',
      boot_id: BOOT_A,
      session: { id: 's1' },
      request_id: nas.calls[0].requestId,
      requested_by: 'alice',
      caller_session_id: 'c',
      outcome: 'TERMINATED',
      error: null,
    });

    // `audit log` shows them; the chain and the tree still verify over the new kind.
    const log = await runCli(
      ['--mode', 'json', '-c', "audit log seq,kind,event WHERE kind == 'terminate'"],
      stack.cliEnv,
    );
    expect(log.code).toBe(0);
    const shown = JSON.parse(log.stdout) as { kind: string; event: TerminateEvent }[];
    expect(shown.map((row) => [row.kind, row.event.session.id, row.event.outcome])).toEqual([
      ['terminate', 's1', 'TERMINATED'],
    ]);
    const verify = await rpc(Subjects.logVerify, { root_at: entries[2].seq });
    expect(verify.body.result).toMatchObject({ ok: true });
  });

  it('answers false for an id no live session has, without asking the host, and records it', async () => {
    const nas = hosts[0];
    const asked = nas.calls.length;
    const reply = await rpc(Subjects.terminateSession, { id: 'no-such-session', host: 'nas' });
    expect(reply.body).toEqual({ result: false });
    expect(nas.calls).toHaveLength(asked);
    expect(await records('no-such-session')).toEqual([
      expect.objectContaining({ outcome: 'NOT_LIVE', requested_by: null, error: null }),
    ]);
    // A host the service does not know: false, and nothing to record.
    expect((await rpc(Subjects.terminateSession, { id: 's2', host: 'ghost' })).body).toEqual({
      result: false,
    });
  });

  it('answers false when the host says it has no such session', async () => {
    const nas = hosts[0];
    nas.live.delete('s2'); // ended on the host, its logout not (yet) published
    const reply = await rpc(Subjects.terminateSession, { id: 's2', host: 'nas' });
    expect(reply.body).toEqual({ result: false });
    expect(await records('s2')).toEqual([expect.objectContaining({ outcome: 'NOT_FOUND' })]);
    expect(await ids('nas')).toContain('s2');
  });

  it("ends every other session but the caller's and internal ones; a handler that throws is one line of the error", async () => {
    const farm = await host('farm');
    await farm.login(['me', 'o1', 'o2', 'boom', 'o3']);
    await stack.sessions({ host: 'farm' }, await farm.login(['i1'], true));
    farm.failing.add('boom');

    const reply = await rpc(Subjects.terminateOtherSessions, {
      caller_session_id: 'me',
      host: 'farm',
      requested_by: 'bob',
    });
    expect(reply.body.error).toEqual({
      code: 500,
      message: 'Unable to terminate all sessions:\nboom: host "farm": pam_close_session failed',
    });
    expect(reply.headers[ERROR_CODE_HEADER]).toBe('500');
    expect(await ids('farm')).toEqual(['me', 'boom', 'i1']);
    expect(farm.calls.map((call) => call.sessionId).sort()).toEqual(['boom', 'o1', 'o2', 'o3']);
    expect(await records('boom')).toEqual([
      expect.objectContaining({
        outcome: 'FAILED',
        error: 'host "farm": pam_close_session failed',
        requested_by: 'bob',
        caller_session_id: 'me',
      }),
    ]);
    expect((await records('o2'))[0].outcome).toBe('TERMINATED');

    farm.failing.delete('boom');
    const again = await rpc(Subjects.terminateOtherSessions, {
      caller_session_id: 'me',
      host: 'farm',
    });
    expect(again.body).toEqual({ result: true });
    expect(await ids('farm')).toEqual(['me', 'i1']);

    // The caller's own session must be live: a typo never ends everyone else's.
    const typo = await rpc(Subjects.terminateOtherSessions, {
      caller_session_id: 'm',
      host: 'farm',
    });
    expect(typo.body.error).toEqual({
      code: 404,
      message:
        'no live session "m" on host "farm": caller_session_id must be the caller\'s own session',
    });
  });

  it('is a 503 naming a host that has no command handler, and the session stays', async () => {
    const lonely = await host('lonely', false);
    await stack.sessions({ host: 'lonely' }, await lonely.login(['l0', 'l1', 'l2']));

    const reply = await rpc(Subjects.terminateSession, { id: 'l1', host: 'lonely' });
    expect(reply.body.error).toEqual({
      code: 503,
      message: 'no command handler of host "lonely" is listening on auth.commands.lonely.terminate',
    });
    expect(reply.headers[ERROR_CODE_HEADER]).toBe('503');
    expect(await ids('lonely')).toEqual(['l0', 'l1', 'l2']);
    expect(await records('l1')).toEqual([expect.objectContaining({ outcome: 'NO_ANSWER' })]);

    const others = await rpc(Subjects.terminateOtherSessions, {
      caller_session_id: 'l0',
      host: 'lonely',
    });
    expect(others.body.error?.code).toBe(503);
    expect(others.body.error?.message.split('\n')).toEqual([
      'Unable to terminate all sessions:',
      'l1: no command handler of host "lonely" is listening on auth.commands.lonely.terminate',
      'l2: no command handler of host "lonely" is listening on auth.commands.lonely.terminate',
    ]);
  });

  it('is a 503 after the bound for a handler that never answers, and other requests are answered meanwhile', async () => {
    const slow = new FakeHost(stack, 'slow');
    let release: (ended: boolean) => void = () => undefined;
    const server = slow.publisher.serveCommands({
      terminate: () => new Promise<boolean>((resolve) => (release = resolve)),
    });
    await server.ready;
    await stack.sessions({ host: 'slow' }, await slow.login(['w1']));

    let answered = false;
    const terminating = rpc(Subjects.terminateSession, { id: 'w1', host: 'slow' }).then((r) => {
      answered = true;
      return r;
    });
    const meanwhile = await stack.sessions({ host: 'slow' });
    expect(meanwhile.body.result).toHaveLength(1);
    expect(answered).toBe(false);
    const reply = await terminating;
    expect(reply.body.error).toEqual({
      code: 503,
      message: `host "slow" did not answer within ${BOUND_MS} ms`,
    });
    release(false);
    await server.stop();
  });

  it('refuses hostile requests on both RPCs with a 400, and keeps answering', async () => {
    const bad = async (subject: string, body: unknown) => {
      const reply = await rpc(subject, body);
      expect(reply.headers[ERROR_CODE_HEADER]).toBe('400');
      return reply.body.error;
    };
    for (const subject of [Subjects.terminateSession, Subjects.terminateOtherSessions]) {
      expect((await bad(subject, encoder.encode('{"id": ')))?.message).toMatch(
        /^the request body is not JSON/,
      );
      expect(await bad(subject, [])).toEqual({
        code: 400,
        message: 'the request must be a JSON object',
      });
    }
    expect(
      await bad(Subjects.terminateSession, { id: 'x'.repeat(200_000), host: 'nas', extra: 1 }),
    ).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [
        ['extra', 'Extra inputs are not permitted', 22],
        ['id', 'Input should be a string of 1 to 128 characters', 22],
      ],
    });
    expect(await bad(Subjects.terminateSession, { id: 5, requested_by: { who: 1 } })).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [
        ['id', 'Input should be a string of 1 to 128 characters', 22],
        ['requested_by', 'Input should be a string of 1 to 256 characters', 22],
      ],
    });
    expect(await bad(Subjects.terminateOtherSessions, { host: '../x' })).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [
        ['caller_session_id', 'Field required', 22],
        ['host', 'Input should be a host name of 1-64 of [A-Za-z0-9_-]', 22],
      ],
    });
    expect(await ids('nas')).toEqual(['c', 's2']);
  });

  it("answers hostile commands with a 400 and never calls the handler; another host's commands never reach it", async () => {
    const nas = hosts[0];
    const asked = nas.calls.length;
    const command = async (subject: string, data: Uint8Array | string) => {
      const reply = await stack.nc.request(subject, data, { timeout: 5_000 });
      return {
        code: reply.headers?.get(ERROR_CODE_HEADER),
        body: JSON.parse(new TextDecoder().decode(reply.data)) as { error?: { message: string } },
      };
    };
    const subject = hostCommandSubject('nas', 'terminate');
    const notJson = await command(subject, 'terminate s2');
    expect(notJson.code).toBe('400');
    expect(notJson.body.error?.message).toMatch(/^the command is not JSON text/);
    const mistyped = await command(
      subject,
      JSON.stringify({ request_id: 'r', session_id: 'x'.repeat(10_000), requested_by: 3 }),
    );
    expect(mistyped).toEqual({
      code: '400',
      body: {
        error: {
          code: 400,
          message:
            'invalid terminate command: request_id must be a UUID; session_id must be a string of 1 to 128 characters; requested_by must be a string of 1 to 256 characters',
        },
      },
    });
    // Without a reply subject there is nobody to answer: ignored (the next command shows it).
    stack.nc.publish(subject, JSON.stringify({ request_id: randomUUID(), session_id: 's2' }));
    await expect(
      stack.nc.request(hostCommandSubject('elsewhere', 'terminate'), '{}', { timeout: 2_000 }),
    ).rejects.toMatchObject({ code: '503' });
    const fine = await command(
      subject,
      JSON.stringify({ request_id: randomUUID(), session_id: 'not-on-this-host' }),
    );
    expect(fine).toEqual({ code: undefined, body: { result: { terminated: false } } });
    expect(nas.calls.slice(asked).map((call) => call.sessionId)).toEqual(['not-on-this-host']);
    expect(await ids('nas')).toEqual(['c', 's2']);
  });

  describe('the CLI', () => {
    const cli = (args: string[]) => runCli(['--host', 'desk', ...args], stack.cliEnv);
    const [u1, u2, u3] = [randomUUID(), randomUUID(), randomUUID()];

    beforeAll(async () => {
      const desk = await host('desk');
      await stack.sessions({ host: 'desk' }, await desk.login(['mine', u1, u2, u3]));
    });

    it('takes the id quoted, or as id="…", and prints true or false', async () => {
      expect(await cli(['auth', 'terminate_session', `"${u1}"`])).toEqual({
        code: 0,
        stdout: 'true\n',
        stderr: '',
      });
      expect(await cli(['-c', `auth terminate_session id="${u2}"`])).toEqual({
        code: 0,
        stdout: 'true\n',
        stderr: '',
      });
      expect(await cli(['-c', `auth terminate_session "${u2}"`])).toEqual({
        code: 0,
        stdout: 'false\n',
        stderr: '',
      });
      expect(await ids('desk')).toEqual(['mine', u3]);
      const [record] = await records(u1);
      expect(record.outcome).toBe('TERMINATED');
      expect(typeof record.requested_by).toBe('string');
    });

    it('refuses a bare UUID as midcli does (exit 2), and sends nothing', async () => {
      const run = await cli(['-c', `auth terminate_session ${u3}`]);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `Expected end of text, found '${u3[0]}'\n ${u3}\n ^\n`,
      });
      expect(await ids('desk')).toContain(u3);
      expect((await cli(['-c', 'auth terminate_session'])).code).toBe(2);
    });

    it('ends the others with --session, in the shell too; without --session it is bad usage', async () => {
      const none = await cli(['-c', 'auth terminate_other_sessions']);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        'terminate_other_sessions: give your own session with --session <id> (or AUTHTRAIL_SESSION)\n',
      );
      const shell = await runCli(
        ['--host', 'desk', '--session', 'mine'],
        { ...stack.cliEnv, AUTHTRAIL_HISTORY: '/dev/null' },
        'auth\nterminate_other_sessions\nsessions id\nexit\n',
      );
      expect(shell.stderr).toBe('');
      expect(shell.stdout).toContain('[desk] auth> true\n');
      expect(await ids('desk')).toEqual(['mine']);
    });
  });
});
