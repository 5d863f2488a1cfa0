import Database from 'better-sqlite3';
import { MAX_EVENT_BYTES } from '@authtrail/contracts';
import { loggedIn } from '../fixtures/auth-events';
import { freePort } from '../harness/free-port';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const EVENTS = 1_200;

function logCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A valid login of nearly MAX_EVENT_BYTES as JSON. */
function largeLogin(i: number): Uint8Array {
  const event = loggedIn({ sessionId: `big-${i}` });
  const base = JSON.stringify(event).length;
  event.session.credentials_data = {
    username: 'u'.repeat(MAX_EVENT_BYTES - base - 64),
  };
  const data = new TextEncoder().encode(JSON.stringify(event));
  if (data.length > MAX_EVENT_BYTES) throw new Error(`event of ${data.length} bytes`);
  return data;
}

describe('a backlog of 64 KiB events', () => {
  let stack: TestStack;
  let metrics: string;

  beforeAll(async () => {
    const port = await freePort();
    metrics = `http://127.0.0.1:${port}/metrics`;
    stack = await TestStack.start({ AUTHTRAIL_HTTP_PORT: String(port) });
  });

  afterAll(() => stack?.dispose());

  it('is ingested in full without the server cutting the service off as a slow consumer', async () => {
    // 75 MiB waiting in the stream: more than nats-server lets a client have pending (64 MiB),
    // which one pull of 1,000 messages asked for.
    expect(await stack.service.stop('SIGTERM')).toBe(0);
    const js = stack.nc.jetstream();
    for (let i = 0; i < EVENTS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, EVENTS - i) }, (_, j) =>
          js.publish('auth.events.truenas.login', largeLogin(i + j)),
        ),
      );
    }
    await stack.service.start();
    await waitFor(
      'every large event in the log',
      async () => (logCount(stack.dbPath) === EVENTS ? true : undefined),
      180_000,
    );
    expect(stack.service.output).not.toMatch(/lost; reconnecting/);
    expect(stack.service.output).not.toMatch(/slow consumer/i);
  }, 300_000);

  it('still commits a backlog of small events in full batches', async () => {
    const before = logCount(stack.dbPath);
    const batches = async () => {
      const text = await (await fetch(metrics)).text();
      return Number(/^authtrail_batch_size_count (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    expect(await stack.service.stop('SIGTERM')).toBe(0);
    const js = stack.nc.jetstream();
    const small = 5_000;
    for (let i = 0; i < small; i += 250) {
      await Promise.all(
        Array.from({ length: 250 }, (_, j) =>
          js.publish(
            'auth.events.truenas.login',
            JSON.stringify(loggedIn({ sessionId: `s${i + j}` })),
          ),
        ),
      );
    }
    await stack.service.start();
    await waitFor(
      'every small event in the log',
      async () => (logCount(stack.dbPath) === before + small ? true : undefined),
      120_000,
    );
    // Bounding pulls by bytes must not cut batches of small events short (up to 500 each).
    const count = await batches();
    console.log(`5,000 small events in ${count} batches`);
    expect(count).toBeLessThan(40);
  }, 300_000);
});
