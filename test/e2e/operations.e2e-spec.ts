import Database from 'better-sqlite3';
import { loggedIn } from '../fixtures/auth-events';
import { freePort } from '../harness/free-port';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('health, metrics and service discovery', () => {
  let stack: TestStack;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await TestStack.start({ AUTHTRAIL_HTTP_PORT: String(port) });
  });

  afterAll(() => stack?.dispose());

  it('reports liveness and readiness with what it checked', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      details: {
        nats: { status: 'up' },
        jetstream: { status: 'up', stream: 'AUTH_EVENTS', consumer: 'authtrail' },
        log: { status: 'up' },
        projection: { status: 'up' },
      },
    });
  });

  it('exposes ingest, dead-letter, session, lag and query metrics', async () => {
    let last = 0;
    for (const id of ['a', 'b', 'c']) last = await stack.publish(loggedIn({ sessionId: id }));
    await stack.publish(new TextEncoder().encode('{'), 'auth.events.truenas.login', 'broken');
    await stack.sessions({}, last + 1);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('authtrail_events_ingested_total{kind="login"} 3');
    expect(text).toContain('authtrail_dead_letters_total 1');
    expect(text).toContain('authtrail_live_sessions{host="truenas"} 3');
    expect(text).toContain('authtrail_consumer_lag 0');
    expect(text).toMatch(/authtrail_query_seconds_count\{subject="auth.sessions"\} [1-9]/);
    expect(text).toMatch(/authtrail_batch_commit_seconds_count [1-9]/);
    const stall = /^authtrail_event_loop_delay_max_seconds (\S+)$/m.exec(text);
    expect(Number(stall?.[1])).toBeGreaterThanOrEqual(0);
  });

  it('answers NATS service discovery as authtrail', async () => {
    const reply = await stack.nc.request('$SRV.PING.authtrail', '', { timeout: 2000 });
    expect(JSON.parse(reply.string())).toMatchObject({
      name: 'authtrail',
      type: 'io.nats.micro.v1.ping_response',
    });
  });

  it('is not ready while the log cannot be written, and ready again after', async () => {
    const lock = new Database(stack.dbPath, { timeout: 1000 });
    lock.exec('BEGIN EXCLUSIVE');
    const seq = await stack.publish(loggedIn({ sessionId: 'd' }));
    const down = await waitFor('readiness to fail', async () => {
      const response = await fetch(`${base}/health/ready`);
      return response.status === 503
        ? ((await response.json()) as { error: Record<string, unknown> })
        : undefined;
    });
    expect(down.error).toMatchObject({ log: { status: 'down' } });
    lock.exec('ROLLBACK');
    lock.close();
    await stack.sessions({}, seq);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
