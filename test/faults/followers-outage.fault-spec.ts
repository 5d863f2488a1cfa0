import { spawn, type ChildProcess } from 'node:child_process';
import { appendedSubject, sessionsChangedSubject } from '@authtrail/contracts';
import { loggedIn } from '../fixtures/auth-events';
import { CLI_BIN } from '../harness/paths';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOST = 'follow-host';

/** A CLI process that follows until stopped, with what it printed so far. */
interface Follower {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function follow(stack: TestStack, args: string[]): Follower {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...stack.cliEnv },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, out: () => out, err: () => err, exited };
}

/** Until a subscriber listens on `subject` (a request to it times out instead of 503). */
async function subscribed(stack: TestStack, subject: string): Promise<void> {
  await waitFor(`a subscriber on ${subject}`, async () => {
    try {
      await stack.nc.request(subject, '', { timeout: 200 });
    } catch (error) {
      return (error as { code?: string }).code === 'TIMEOUT' ? true : undefined;
    }
    return undefined;
  });
}

describe('followers across a NATS outage', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  it('`audit tail` and `auth sessions --follow` say the connection was lost, wait, and go on', async () => {
    const tail = follow(stack, ['audit', 'tail', '--host', HOST]);
    const sessions = follow(stack, ['--host', HOST, 'auth', 'sessions', '--follow']);
    try {
      await subscribed(stack, appendedSubject(HOST, 'login'));
      await subscribed(stack, sessionsChangedSubject(HOST));
      await stack.publish(loggedIn({ host: HOST, sessionId: 'before' }));
      for (const [name, follower] of [
        ['tail', tail],
        ['sessions', sessions],
      ] as const) {
        await waitFor(`${name} to print the first login`, () =>
          follower.out().includes('"before"') ? true : undefined,
        );
      }

      await stack.nats.stop();
      // Longer than the two reconnect tries of a one-shot command (half a second apart).
      await sleep(4_000);
      expect(tail.child.exitCode).toBeNull();
      expect(sessions.child.exitCode).toBeNull();
      await stack.nats.start();
      await waitFor('both to say the connection is back', () =>
        tail.err().includes('the connection to NATS is back') &&
        sessions.err().includes('the connection to NATS is back')
          ? true
          : undefined,
      );
      await subscribed(stack, appendedSubject(HOST, 'login'));
      await stack.publish(loggedIn({ host: HOST, sessionId: 'after' }));
      await waitFor('tail to print the login after the outage', () =>
        tail.out().includes('"after"') ? true : undefined,
      );
      await waitFor('sessions --follow to print it too', () =>
        sessions.out().includes('"after"') ? true : undefined,
      );
    } finally {
      tail.child.kill('SIGTERM');
      sessions.child.kill('SIGTERM');
    }
    expect(await tail.exited).toBe(0);
    expect(await sessions.exited).toBe(0);
    expect(tail.err()).toContain(
      'audit tail: the connection to NATS was lost; reconnecting until it is back',
    );
    expect(sessions.err()).toContain(
      'sessions --follow: the connection to NATS was lost; reconnecting until it is back',
    );
    expect(tail.err()).not.toMatch(/closed/);
    expect(sessions.err()).not.toMatch(/closed/);
  });
});
