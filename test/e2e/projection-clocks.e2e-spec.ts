import Database from 'better-sqlite3';
import { Subjects } from '@authtrail/contracts';
import { fromSnapshot, toSnapshot, type StoredSnapshot } from '@authtrail/sessions';
import { BOOT_A, BOOT_B, booted, loggedIn, loggedOut } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';

const BOOT_C = '8f4e3a6b-0c5d-4e7f-9a8b-2c3d4e5f6a7b';
type Row = { id: string };
const ids = (result: unknown) => (result as Row[]).map((row) => row.id);
/** A time `ms` from now on this machine's clock (the one nats-server stores messages by). */
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('the projection against wrong host clocks and logouts before logins', () => {
  let stack: TestStack;

  beforeEach(async () => {
    stack = await TestStack.start();
  });

  afterEach(() => stack?.dispose());

  const ignored = async () =>
    (await stack.request(Subjects.stats, {})).body.result as {
      ignored: { stale_events: number; unknown_logouts: number; logins_after_logout: number };
    };

  it('lists the sessions of the next real boot after a boot dated 9999-12-31', async () => {
    await stack.publish(loggedIn({ sessionId: 'a', occurred_at: fromNow(-60_000) }));
    await stack.publish(booted({ boot_id: BOOT_B, occurred_at: '9999-12-31T23:59:59Z' }));
    await stack.publish(booted({ boot_id: BOOT_C, occurred_at: fromNow(0) }));
    const seq = await stack.publish(
      loggedIn({ sessionId: 'c', boot_id: BOOT_C, occurred_at: fromNow(0) }),
    );
    expect(ids((await stack.sessions({ host: 'truenas' }, seq)).body.result)).toEqual(['c']);
    expect((await ignored()).ignored.stale_events).toBe(0);
  });

  it('keeps the current boot when a login dated 0001-01-01 comes before a late older boot', async () => {
    await stack.publish(booted({ boot_id: BOOT_B, occurred_at: fromNow(-60_000) }));
    await stack.publish(
      loggedIn({ sessionId: 'b', boot_id: BOOT_B, occurred_at: fromNow(-50_000) }),
    );
    await stack.publish(
      loggedIn({ sessionId: 'ancient', boot_id: BOOT_B, occurred_at: '0001-01-01T00:00:00Z' }),
    );
    // Buffered by the host before it rebooted into BOOT_B, published now.
    await stack.publish(
      loggedIn({ sessionId: 'old', boot_id: BOOT_A, occurred_at: fromNow(-120_000) }),
    );
    const seq = await stack.publish(
      loggedIn({ sessionId: 'b2', boot_id: BOOT_B, occurred_at: fromNow(0) }),
    );
    expect(ids((await stack.sessions({ host: 'truenas' }, seq)).body.result)).toEqual([
      'ancient',
      'b',
      'b2',
    ]);
    expect((await ignored()).ignored.stale_events).toBe(1);
  });

  it('ends a session whose logout came before its login', async () => {
    await stack.publish(loggedOut('x', { occurred_at: fromNow(-1000) }));
    await stack.publish(loggedIn({ sessionId: 'x', occurred_at: fromNow(-2000) }));
    const seq = await stack.publish(loggedIn({ sessionId: 'y', occurred_at: fromNow(0) }));
    expect(ids((await stack.sessions({ host: 'truenas' }, seq)).body.result)).toEqual(['y']);
    expect((await ignored()).ignored).toMatchObject({
      stale_events: 0,
      unknown_logouts: 1,
      logins_after_logout: 1,
    });
  });

  it('starts from a snapshot of format 1 by folding the whole log again', async () => {
    await stack.publish(loggedIn({ sessionId: 'a', occurred_at: fromNow(-2000) }));
    const seq = await stack.publish(loggedIn({ sessionId: 'b', occurred_at: fromNow(-1000) }));
    const before = (await stack.sessions({ host: 'truenas' }, seq)).body.result as Row[];
    expect(await stack.service.stop('SIGTERM')).toBe(0);
    // The shutdown snapshot, rewritten as format 1 (a row object per session, no early logouts)
    // with a row the log never had.
    const db = new Database(stack.dbPath);
    const { seq: at, state } = db
      .prepare('SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; state: string };
    const shutdown = fromSnapshot(JSON.parse(state) as StoredSnapshot);
    const { earlyLogouts: _early, ...snapshot } = toSnapshot(shutdown);
    snapshot.hosts[0].sessions.unshift({ ...snapshot.hosts[0].sessions[0], id: 'ghost' });
    const v1 = JSON.stringify({ ...snapshot, version: 1 });
    db.prepare('UPDATE snapshots SET state = ? WHERE seq = ?').run(v1, at);
    db.close();

    await stack.service.start();
    expect(stack.service.output).toContain(
      `snapshot at seq ${at} has format 1, older than 2; replaying the whole log`,
    );
    expect((await stack.sessions({ host: 'truenas' })).body.result).toEqual(before);
    expect(ids(before)).toEqual(['a', 'b']);
  });
});
