import Database from 'better-sqlite3';
import { Subjects } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory, seededRandom } from '../fixtures/event-history';
import { naiveFold, rowsOf } from '../harness/naive-fold';
import { TestStack } from '../harness/test-stack';

const HOSTS = 3;

describe('audit.sessions.at over 5,000 events (snapshots every 500 entries)', () => {
  let stack: TestStack;
  const events = eventHistory(5000, HOSTS, 7, 97);

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_SNAPSHOT_EVERY: '500' });
    const receipts = await new EventPublisher(stack.nc).publishAll(events);
    const reply = await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
    expect(reply.body.error).toBeUndefined();
  });

  afterAll(() => stack?.dispose());

  it('has snapshots, with late events behind some of them', () => {
    const db = new Database(stack.dbPath, { readonly: true });
    const rows = db
      .prepare(
        'SELECT max_occurred_ms, b.min_after_ms FROM snapshots JOIN snapshot_bounds b USING (seq) ORDER BY seq',
      )
      .all() as {
      max_occurred_ms: number;
      min_after_ms: number | null;
    }[];
    db.close();
    expect(rows.length).toBeGreaterThanOrEqual(4); // every 500 entries, at batch boundaries
    expect(rows.some((r) => r.min_after_ms !== null && r.min_after_ms < r.max_occurred_ms)).toBe(
      true,
    );
  });

  it('equals a naive fold of the events up to each of 20 random instants', async () => {
    const random = seededRandom(11);
    const first = Date.parse(events[0].occurred_at);
    const last = Math.max(...events.map((e) => Date.parse(e.occurred_at)));
    for (let i = 0; i < 20; i++) {
      const at = first - 5000 + Math.floor(random() * (last - first + 10_000));
      const expected = naiveFold(events.filter((e) => Date.parse(e.occurred_at) <= at));
      for (let h = 0; h < HOSTS; h++) {
        const host = `host-${h}`;
        const reply = await stack.request(Subjects.sessionsAt, {
          at: new Date(at).toISOString(),
          host,
        });
        expect({ at, host, rows: reply.body.result }).toEqual({
          at,
          host,
          rows: rowsOf(expected, host),
        });
      }
    }
  });

  it('answers "after log entry N" and takes the query language', async () => {
    for (const seq of [1, 499, 500, 1234, 5000]) {
      const expected = naiveFold(events.slice(0, seq));
      const reply = await stack.request(Subjects.sessionsAt, { seq, host: 'host-1' });
      expect(reply.body.result).toEqual(rowsOf(expected, 'host-1'));
    }
    const count = await stack.request(Subjects.sessionsAt, {
      seq: 5000,
      host: 'host-2',
      filters: [['credentials', '=', 'API_KEY']],
      options: { count: true },
    });
    const expected = (rowsOf(naiveFold(events), 'host-2') as { credentials: string }[]).filter(
      (r) => r.credentials === 'API_KEY',
    ).length;
    expect(count.body.result).toBe(expected);
  });

  it('equals the live projection at the end of the log', async () => {
    for (let h = 0; h < HOSTS; h++) {
      const host = `host-${h}`;
      const now = await stack.sessions({ host });
      const at = await stack.request(Subjects.sessionsAt, { at: '2100-01-01T00:00:00Z', host });
      expect(at.body.result).toEqual(now.body.result);
    }
  });

  it('refuses bad requests with 400', async () => {
    const bad = [
      [{ host: 'host-0' }, 'give exactly one of "at" (an RFC 3339 time) or "seq" (a log seq)'],
      [
        { at: '2025-01-01T00:00:00Z', seq: 3, host: 'host-0' },
        'give exactly one of "at" (an RFC 3339 time) or "seq" (a log seq)',
      ],
      [{ at: 'yesterday', host: 'host-0' }, 'Invalid params'],
      [{ seq: -1, host: 'host-0' }, 'Invalid params'],
      [
        { at: '2025-01-01T00:00:00Z' },
        'several hosts are known (host-0, host-1, host-2): name one with "host"',
      ],
      [{ seq: 3, host: 'host-0', filters: [['id', 'like', 1]] }, 'Invalid params'],
    ] as const;
    for (const [body, message] of bad) {
      const reply = await stack.request(Subjects.sessionsAt, body);
      expect(reply.body.error).toMatchObject({ code: 400, message });
    }
  });
});
