import { Subjects } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';

/** Sessions the costly queries read. */
const SESSIONS = 40_000;
/** Events queued while the service is down: the backlog it starts with. */
const BACKLOG = 20_000;
const QUERIES = 120;

/** Login `i` of `host`: an origin of its own, a second apart. */
const login = (host: string, i: number) =>
  loggedIn({
    host,
    occurred_at: new Date(Date.parse('2025-01-15T00:00:00Z') + i * 1000).toISOString(),
    session: {
      id: `${host}-${i}`,
      internal: false,
      origin: `10.1.${i >> 8}.${i & 255}:${40_000 + (i % 20_000)}`,
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: `user${i % 50}` },
    },
  });

describe('a flood of costly queries while ingest has a backlog', () => {
  let stack: TestStack;

  afterEach(() => stack?.dispose());

  it('ingests every event and answers each query with its rows or a 503 that says why', async () => {
    stack = await TestStack.start();
    const publisher = new EventPublisher(stack.nc);
    const sessions = Array.from({ length: SESSIONS }, (_, i) => login('flood', i));
    await publisher.publishAll(sessions, 1_000);
    const applied = await stack.sessions({ host: 'flood', options: { count: true } }, SESSIONS);
    expect(applied.body).toEqual({ result: SESSIONS });
    expect(await stack.service.stop('SIGTERM')).toBe(0);
    await publisher.publishAll(
      Array.from({ length: BACKLOG }, (_, i) => login('later', i)),
      1_000,
    );
    await stack.service.start();

    const filters = [['origin', '~', '^10\\.1\\..*7:']];
    const costly = { host: 'flood', filters, options: { order_by: ['-created_at'] } };
    const replies = await Promise.all(
      Array.from({ length: QUERIES }, () => stack.request(Subjects.sessions, costly, 60_000)),
    );
    const expected = sessions
      .filter((e) => /^10\.1\..*7:/.test(e.session.origin))
      .map((e) => e.session.id)
      .reverse();
    // While the backlog waits, queries get a share of the event loop: the queue fills and the
    // rest are refused at once.
    const busy = replies.filter((reply) => 'error' in reply.body);
    expect(busy.length).toBeGreaterThan(0);
    for (const reply of busy) {
      expect(reply.body).toEqual({
        error: {
          code: 503,
          message: expect.stringMatching(
            /^the service is busy with \d+ queries waiting for a turn/,
          ),
        },
      });
    }
    for (const reply of replies.filter((r) => !busy.includes(r))) {
      const rows = (reply.body as { result: { id: string }[] }).result;
      expect(rows.map((row) => row.id)).toEqual(expected);
    }
    // Every event of the backlog is in, whatever the queries met.
    const later = await stack.sessions(
      { host: 'later', options: { count: true } },
      SESSIONS + BACKLOG,
    );
    expect(later.body).toEqual({ result: BACKLOG });
  }, 180_000);
});
