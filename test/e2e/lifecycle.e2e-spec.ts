import Database from 'better-sqlite3';
import { BOOT_A, BOOT_B, booted, loggedIn, loggedOut } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';

type Row = { id: string };
const ids = (result: unknown) => (result as Row[]).map((row) => row.id);

function logCount(path: string, eventId?: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = eventId
      ? (db.prepare('SELECT count(*) AS n FROM entries WHERE event_id = ?').get(eventId) as {
          n: number;
        })
      : (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number });
    return row.n;
  } finally {
    db.close();
  }
}

describe('session lifecycle through NATS', () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await TestStack.start();
  });

  afterEach(() => stack?.dispose());

  it('removes a row on logout', async () => {
    const a = loggedIn({ sessionId: 'a', occurred_at: '2025-01-15T09:00:00Z' });
    const b = loggedIn({ sessionId: 'b', occurred_at: '2025-01-15T09:01:00Z' });
    await stack.publish(a);
    const seq = await stack.publish(b);
    expect(ids((await stack.sessions({}, seq)).body.result)).toEqual(['a', 'b']);
    const out = await stack.publish(loggedOut('a'));
    expect(ids((await stack.sessions({}, out)).body.result)).toEqual(['b']);
  });

  it('clears the host on boot, and on a login with a new boot_id', async () => {
    await stack.publish(loggedIn({ sessionId: 'a' }));
    const boot = await stack.publish(
      booted({ boot_id: BOOT_B, occurred_at: '2025-01-15T11:00:00Z' }),
    );
    expect((await stack.sessions({ host: 'truenas' }, boot)).body.result).toEqual([]);
    await stack.publish(
      loggedIn({ sessionId: 'b', boot_id: BOOT_B, occurred_at: '2025-01-15T11:01:00Z' }),
    );
    const third = '8f4e3a6b-0c5d-4e7f-9a8b-2c3d4e5f6a7b';
    const seq = await stack.publish(
      loggedIn({ sessionId: 'c', boot_id: third, occurred_at: '2025-01-15T12:00:00Z' }),
    );
    expect(ids((await stack.sessions({}, seq)).body.result)).toEqual(['c']);
    const late = await stack.publish(
      loggedIn({ sessionId: 'late', boot_id: BOOT_A, occurred_at: '2025-01-15T09:30:00Z' }),
    );
    expect(ids((await stack.sessions({}, late)).body.result)).toEqual(['c']);
  });

  it('stores an event published twice once', async () => {
    const event = loggedIn({ sessionId: 'once' });
    const first = await stack.publish(event);
    const again = await stack.publish(event);
    expect(again).toBe(first);
    const outsideWindow = await stack.publish(event, undefined, 'another-msg-id');
    expect(outsideWindow).toBeGreaterThan(first);
    expect(ids((await stack.sessions({}, outsideWindow)).body.result)).toEqual(['once']);
    expect(logCount(stack.dbPath, event.event_id)).toBe(1);
    expect(logCount(stack.dbPath)).toBe(1);
  });

  it('keeps its rows across a restart and ingests what was published while it was down', async () => {
    await stack.publish(loggedIn({ sessionId: 'a', occurred_at: '2025-01-15T09:00:00Z' }));
    const seq = await stack.publish(
      loggedIn({ sessionId: 'b', occurred_at: '2025-01-15T09:01:00Z' }),
    );
    const before = (await stack.sessions({ host: 'truenas' }, seq)).body.result;
    expect(await stack.service.stop('SIGTERM')).toBe(0);

    await stack.publish(loggedOut('a'));
    const down = await stack.publish(
      loggedIn({ sessionId: 'c', occurred_at: '2025-01-15T09:02:00Z' }),
    );
    await stack.service.start();

    expect((await stack.sessions({ host: 'truenas' }, seq)).body.result).toBeDefined();
    const after = (await stack.sessions({ host: 'truenas' }, down)).body.result as Row[];
    expect(ids(after)).toEqual(['b', 'c']);
    expect(after[0]).toEqual((before as Row[])[1]);
    expect(logCount(stack.dbPath)).toBe(4);
  });

  it('restores the same rows after a restart', async () => {
    await stack.publish(loggedIn({ sessionId: 'a' }));
    const seq = await stack.publish(loggedIn({ sessionId: 'b', boot_id: BOOT_A }));
    const query = { host: 'truenas', caller_session_id: 'b' };
    const before = await stack.sessions(query, seq);
    await stack.service.stop('SIGTERM');
    await stack.service.start();
    expect(await stack.sessions(query)).toEqual(before);
  });
});
