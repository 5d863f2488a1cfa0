import Database from 'better-sqlite3';
import { DEADLETTER_STREAM } from '@authtrail/contracts';
import { booted, loggedIn } from '../fixtures/auth-events';
import { freePort } from '../harness/free-port';
import { TestStack } from '../harness/test-stack';

type Row = { id: string; created_at: { $date: number }; credentials_data: Record<string, unknown> };

function logged(path: string): { event_id: string; occurred_at: string; event: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT event_id, occurred_at, event FROM entries ORDER BY seq').all() as {
      event_id: string;
      occurred_at: string;
      event: string;
    }[];
  } finally {
    db.close();
  }
}

describe('ingest: no message holds the stream, the log and the projection agree', () => {
  let stack: TestStack;
  let metrics: string;

  beforeEach(async () => {
    const port = await freePort();
    metrics = `http://127.0.0.1:${port}/metrics`;
    stack = await TestStack.start({ AUTHTRAIL_HTTP_PORT: String(port) });
  });

  afterEach(() => stack?.dispose());

  async function deadLetters(): Promise<{ streamSeq: number; reasons: string[] }[]> {
    const jsm = await stack.nc.jetstreamManager();
    const { state } = await jsm.streams.info(DEADLETTER_STREAM);
    const out: { streamSeq: number; reasons: string[] }[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(DEADLETTER_STREAM, { seq });
      const body = JSON.parse(m.string()) as { stream_seq: number; reasons: string[] };
      out.push({ streamSeq: body.stream_seq, reasons: body.reasons });
    }
    return out;
  }

  it('dead-letters an event_id logged with other content, counts an identical repeat, logs the rest', async () => {
    const first = loggedIn({ sessionId: 'first' });
    const seq = await stack.publish(first);
    await stack.sessions({}, seq);
    expect(await stack.service.stop('SIGTERM')).toBe(0);

    // Published while the service is down, so that one batch holds them all.
    const before = loggedIn({ sessionId: 'before' });
    await stack.publish(before);
    const conflict = { ...first, session: { ...first.session, origin: '10.6.6.6:666' } };
    const conflictSeq = await stack.publish(conflict, undefined, 'no-dedupe-1');
    const repeatSeq = await stack.publish(first, undefined, 'no-dedupe-2');
    const upper = { ...before, event_id: before.event_id.toUpperCase() };
    await stack.publish(upper, undefined, 'no-dedupe-3');
    const after = await stack.publish(loggedIn({ sessionId: 'after' }));
    await stack.service.start();

    const rows = (await stack.sessions({ host: 'truenas' }, after)).body.result as Row[];
    expect(rows.map((r) => r.id)).toEqual(['first', 'before', 'after']);
    expect(logged(stack.dbPath).map((e) => e.event_id)).toEqual([
      first.event_id,
      before.event_id,
      expect.any(String),
    ]);
    expect(await deadLetters()).toEqual([
      { streamSeq: conflictSeq, reasons: ['event_id already logged at seq 1 with other content'] },
    ]);
    const text = await (await fetch(metrics)).text();
    // The identical repeat and the upper-case spelling of an id already logged.
    expect(text).toMatch(/^authtrail_duplicate_events_total 2$/m);
    expect(text).toMatch(/^authtrail_dead_letters_total 1$/m);
    expect(repeatSeq).toBeGreaterThan(conflictSeq);
  });

  it('logs a leap second as second 59 and goes on with what follows', async () => {
    const leap = loggedIn({ sessionId: 'leap', occurred_at: '2016-12-31T23:59:60Z' });
    await stack.publish(booted({ occurred_at: '2016-12-31T00:00:00Z' }));
    await stack.publish(leap);
    const next = await stack.publish(
      loggedIn({ sessionId: 'next', occurred_at: '2017-01-01T00:00:01Z' }),
    );
    const rows = (await stack.sessions({ host: 'truenas' }, next)).body.result as Row[];
    expect(rows.map((r) => [r.id, r.created_at.$date])).toEqual([
      ['leap', Date.parse('2016-12-31T23:59:59Z')],
      ['next', Date.parse('2017-01-01T00:00:01Z')],
    ]);
    expect(logged(stack.dbPath).map((e) => e.occurred_at)[1]).toBe('2016-12-31T23:59:59Z');
  });

  it('answers a query on a __proto__ member the same live and after a restart', async () => {
    const login = loggedIn({ sessionId: 'proto' });
    const text = JSON.stringify(login).replace(
      '"credentials_data":{',
      '"credentials_data":{"__proto__":{"hidden":"yes","username":"root"},"constructor":"c",',
    );
    const seq = await stack.publish(new TextEncoder().encode(text), 'auth.events.truenas.login');
    const queries = [
      { filters: [['credentials_data.hidden', '=', 'yes']] },
      { filters: [['credentials_data.username', '=', 'root']] },
      { filters: [['credentials_data.constructor', '=', '<redacted>']] },
      { filters: [['id', '=', 'proto']], options: { select: ['credentials_data'] } },
    ];
    const ask = async () =>
      Promise.all(
        queries.map(async (q) => (await stack.sessions({ host: 'truenas', ...q }, seq)).body),
      );
    const live = await ask();
    expect(live.map((r) => (r.result as unknown[]).length)).toEqual([0, 0, 1, 1]);
    expect((live[3].result as Row[])[0].credentials_data).toEqual({
      username: 'truenas_admin',
      constructor: '<redacted>',
    });
    const stored = JSON.parse(logged(stack.dbPath)[0].event) as {
      session: { credentials_data: object };
    };
    expect(stored.session.credentials_data).toEqual({
      username: 'truenas_admin',
      constructor: '<redacted>',
    });
    await stack.service.stop('SIGTERM');
    await stack.service.start();
    expect(await ask()).toEqual(live);
    const entry = await stack.request('audit.log.query', { options: { get: true } });
    expect(entry.body.result).toMatchObject({
      redacted: ['session.credentials_data.__proto__', 'session.credentials_data.constructor'],
    });
  });
});
