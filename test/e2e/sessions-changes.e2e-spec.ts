import { createConnection, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import {
  LOG_SEQ_HEADER,
  sessionsChangedSubject,
  type AuthEvent,
  type SessionRow,
} from '@authtrail/contracts';
import { watchSessions, type SessionsUpdate, type SessionsWatch } from '@authtrail/audit-client';
import { EventPublisher } from '@authtrail/publisher';
import { BOOT_A, BOOT_B, booted, loggedIn, loggedOut } from '../fixtures/auth-events';
import { seededRandom } from '../fixtures/event-history';
import { CLI_BIN } from '../harness/paths';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const HOSTS = Array.from({ length: 20 }, (_, i) => `host-${i}`);
const EVENTS = 10_000;

/** Everything one watch yielded, in order. */
interface Followed {
  watch: SessionsWatch;
  updates: SessionsUpdate[];
  done: Promise<void>;
}

async function follow(stack: TestStack, host: string): Promise<Followed> {
  const watch = await watchSessions(stack.nc, host);
  const updates: SessionsUpdate[] = [];
  const done = (async () => {
    for await (const update of watch) updates.push(update);
  })();
  return { watch, updates, done };
}

/**
 * 10,000 logins and logouts over 20 hosts (some internal, some logouts of sessions never
 * opened, some second logins), every host booting half way; the log order is JetStream's.
 */
function burst(): { first: AuthEvent[]; second: AuthEvent[] } {
  const random = seededRandom(7);
  const live = new Map<string, string[]>(HOSTS.map((h) => [h, []]));
  const events: AuthEvent[] = [];
  const at = (i: number) => new Date(Date.UTC(2031, 0, 1) + i * 1000).toISOString();
  for (let i = 0; events.length < EVENTS; i++) {
    const host = HOSTS[Math.floor(random() * HOSTS.length)];
    const boot = events.length < EVENTS / 2 ? BOOT_A : BOOT_B;
    if (events.length === EVENTS / 2) {
      for (const h of HOSTS) events.push(booted({ host: h, boot_id: BOOT_B, occurred_at: at(i) }));
      for (const h of HOSTS) live.set(h, []);
    }
    const open = live.get(host) ?? [];
    const r = random();
    if (open.length > 0 && r < 0.4) {
      const id = open.splice(Math.floor(random() * open.length), 1)[0];
      events.push(loggedOut(id, { host, boot_id: boot, occurred_at: at(i) }));
    } else if (r < 0.43) {
      events.push(loggedOut(`never-${i}`, { host, boot_id: boot, occurred_at: at(i) }));
    } else if (open.length > 0 && r < 0.46) {
      events.push(loggedIn({ host, boot_id: boot, sessionId: open[0], occurred_at: at(i) }));
    } else {
      const id = `s-${i}`;
      const internal = r > 0.95;
      open.push(id);
      events.push(
        loggedIn({
          host,
          boot_id: boot,
          occurred_at: at(i),
          sessionId: id,
          session: {
            id,
            internal,
            origin: internal ? 'UNIX socket (pid=1 uid=0 gid=0)' : `10.0.${i % 250}.1:${1024 + i}`,
            credentials: internal ? 'UNIX_SOCKET' : 'LOGIN_PASSWORD',
            credentials_data: { username: `user-${i % 17}` },
          },
        }),
      );
    }
  }
  const half = EVENTS / 2 + HOSTS.length;
  return { first: events.slice(0, half), second: events.slice(half) };
}

/** A NATS client that subscribes to every change and then never reads its socket. */
function stalledSubscriber(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) }, () => {
      socket.write(
        `CONNECT {"verbose":false,"pedantic":false}\r\nSUB auth.sessions.changed.> 1\r\nPING\r\n`,
      );
    });
    socket.once('error', reject);
    socket.once('data', () => {
      // INFO arrived; let the SUB reach the server, then stop reading for good.
      socket.once('data', () => {
        socket.pause();
        resolve(socket);
      });
    });
  });
}

describe('following the changes of the sessions', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  }, 60_000);

  afterAll(async () => {
    await stack?.dispose();
  });

  async function currentRows(host: string): Promise<{ rows: SessionRow[]; seq: number }> {
    const reply = await stack.sessions({ host, filters: [['internal', '=', false]] });
    return { rows: reply.body.result as SessionRow[], seq: Number(reply.headers[LOG_SEQ_HEADER]) };
  }

  it('the service never answers on the change subjects (its auth.sessions.* is one token)', async () => {
    await expect(
      stack.nc.request(sessionsChangedSubject('host-0'), '{}', { timeout: 2_000 }),
    ).rejects.toMatchObject({ code: '503' });
  });

  it('followers started before and during a burst of 10,000 events end with the rows of auth.sessions', async () => {
    const stalled = await stalledSubscriber(stack.nats.url);
    const before = await Promise.all(HOSTS.map((host) => follow(stack, host)));
    const { first, second } = burst();
    const publisher = new EventPublisher(stack.nc);
    await publisher.publishAll(first, 128);
    const during = await Promise.all(HOSTS.map((host) => follow(stack, host)));
    const receipts = await publisher.publishAll(second, 128);
    const last = Math.max(...receipts.map((r) => r.seq));
    await stack.waitUntilApplied(last, 60_000);

    for (const host of HOSTS) {
      const expected = await currentRows(host);
      for (const followed of [before, during].map((list) => list[HOSTS.indexOf(host)])) {
        await waitFor(
          `the follower of ${host} to reach the rows of auth.sessions`,
          () =>
            JSON.stringify(followed.watch.rows()) === JSON.stringify(expected.rows)
              ? true
              : undefined,
          20_000,
        );
        expect(followed.watch.rows()).toEqual(expected.rows);
        expect(followed.watch.resyncs).toBe(0);
        expect(followed.watch.skipped).toBe(0);
      }
    }

    for (const followed of [...before, ...during]) {
      followed.watch.stop();
      await followed.done;
      const [rows, ...changes] = followed.updates;
      expect(rows.type).toBe('rows');
      let position = [rows.type === 'rows' ? rows.seq : 0, Number.POSITIVE_INFINITY];
      for (const update of changes) {
        if (update.type !== 'change') throw new Error('a second rows update');
        const { seq, index } = update.change;
        // Strictly after the last one: no change twice, seqs increasing.
        const after = seq > position[0] || (seq === position[0] && index > position[1]);
        expect(after).toBe(true);
        position = [seq, index];
      }
    }
    const total = before.reduce((n, f) => n + f.updates.length - 1, 0);
    // Every non-internal login opens a row and the boots end them: many changes were followed.
    expect(total).toBeGreaterThan(EVENTS / 2);
    // The stalled subscriber read nothing all along, and the service went on all the same.
    stalled.destroy();
  }, 240_000);

  it('auth.sessions and its field slices say which log seq they reflect, the body unchanged', async () => {
    const host = 'seq-host';
    await stack.publish(loggedIn({ host, sessionId: 'q1' }));
    const seq = await stack.publish(loggedIn({ host, sessionId: 'q2' }));
    const reply = await stack.sessions({ host, options: { select: ['id'] } }, seq);
    const stats = await stack.request('audit.stats', {});
    const lastSeq = (stats.body.result as { last_seq: number }).last_seq;
    expect(reply.body).toEqual({ result: [{ id: 'q1' }, { id: 'q2' }] });
    expect(reply.headers[LOG_SEQ_HEADER]).toBe(String(lastSeq));
    const field = await stack.request('auth.sessions.id', { host });
    expect(field.headers[LOG_SEQ_HEADER]).toBe(String(lastSeq));
    const refused = await stack.request('auth.sessions', { host, filters: 'nope' });
    expect(refused.body.error?.code).toBe(400);
    expect(refused.headers[LOG_SEQ_HEADER]).toBeUndefined();
  });

  it('watchSessions refuses a host that is no host name before it subscribes', async () => {
    for (const host of ['', 'a.b', '>', '*', 'x'.repeat(65), 42 as unknown as string]) {
      await expect(watchSessions(stack.nc, host)).rejects.toThrow(TypeError);
    }
  });

  it('a follower skips what is not a change, and reads again when a change does not follow on', async () => {
    const host = 'hostile-host';
    await stack.publish(loggedIn({ host, sessionId: 'h1' }));
    const followed = await follow(stack, host);
    const subject = sessionsChangedSubject(host);
    stack.nc.publish(subject, 'not json');
    stack.nc.publish(
      subject,
      JSON.stringify({ msg: 'added', collection: 'auth.sessions', seq: 'x' }),
    );
    stack.nc.publish(
      subject,
      JSON.stringify({
        msg: 'removed',
        collection: 'auth.sessions',
        host,
        fields: { id: 'h1' },
        seq: 2 ** 40,
        index: 0,
        count: 1,
        prev_seq: 2 ** 40 - 1,
      }),
    );
    await stack.publish(loggedIn({ host, sessionId: 'h2' }));
    await waitFor('the follower to read again and catch up', async () => {
      const expected = await currentRows(host);
      return expected.rows.length === 2 &&
        JSON.stringify(followed.watch.rows()) === JSON.stringify(expected.rows)
        ? true
        : undefined;
    });
    // the two that are no change, and the forged one, dropped after the one read it caused
    expect(followed.watch.skipped).toBe(3);
    expect(followed.watch.resyncs).toBe(1);
    followed.watch.stop();
    await followed.done;
  });

  it('auth sessions --follow prints each change as a JSON line when not on a TTY', async () => {
    const host = 'cli-host';
    const child = spawn(
      process.execPath,
      [CLI_BIN, '--host', host, 'auth', 'sessions', '--follow'],
      { env: { PATH: process.env.PATH ?? '', ...stack.cliEnv } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor('the CLI to subscribe', async () => {
      try {
        await stack.nc.request(sessionsChangedSubject(host), '', { timeout: 200 });
      } catch (error) {
        return (error as { code?: string }).code === 'TIMEOUT' ? true : undefined;
      }
      return undefined;
    });
    const lines = () =>
      out
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    await stack.publish(loggedIn({ host, sessionId: 'old', occurred_at: '2031-02-01T00:00:00Z' }));
    await waitFor('the CLI to print its first line', () => (lines().length > 0 ? true : undefined));
    const first = lines();
    const a = loggedIn({ host, sessionId: 'cli-a', occurred_at: '2031-02-01T00:00:01Z' });
    await stack.publish(a);
    await stack.publish(loggedOut('cli-a', { host }));
    await stack.publish(loggedOut('old', { host }));
    await waitFor('the CLI to print three changes', () =>
      lines().length >= first.length + 3 ? true : undefined,
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toBe('');
    const printed = lines().slice(first.length);
    expect(printed.map((l) => [l.msg, (l.fields as { id: string }).id])).toEqual([
      ['added', 'cli-a'],
      ['removed', 'cli-a'],
      ['removed', 'old'],
    ]);
    expect(printed[0]).toMatchObject({
      collection: 'auth.sessions',
      host,
      fields: { id: 'cli-a', origin: a.session.origin, credentials: 'LOGIN_PASSWORD' },
    });
    expect(printed.every((l) => typeof l.seq === 'number')).toBe(true);
  }, 60_000);
});
