import { createInbox } from 'nats';
import Database from 'better-sqlite3';
import { APPENDED_WILDCARD, Subjects, type LogEntry, type StatsReply } from '@authtrail/contracts';
import { SqliteEventLog } from '@authtrail/event-log';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const decoder = new TextDecoder();

describe('audit log RPCs', () => {
  let stack: TestStack;
  const events = eventHistory(3000, 2, 3);

  beforeAll(async () => {
    stack = await TestStack.start();
    const receipts = await new EventPublisher(stack.nc).publishAll(events);
    await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
  });

  afterAll(() => stack?.dispose());

  function stored(): LogEntry[] {
    const log = new SqliteEventLog(stack.dbPath, { readonly: true });
    try {
      return [...log.read()];
    } finally {
      log.close();
    }
  }

  async function replay(
    request: unknown,
  ): Promise<{ messages: number; entries: LogEntry[]; errors: unknown[] }> {
    const inbox = createInbox();
    const sub = stack.nc.subscribe(inbox);
    stack.nc.publish(Subjects.replay, JSON.stringify(request), { reply: inbox });
    const entries: LogEntry[] = [];
    const errors: unknown[] = [];
    let messages = 0;
    for await (const msg of sub) {
      if (msg.data.length === 0) break;
      messages++;
      const body = JSON.parse(decoder.decode(msg.data)) as { result?: LogEntry[]; error?: unknown };
      if (body.error) errors.push(body.error);
      entries.push(...(body.result ?? []));
    }
    sub.unsubscribe();
    return { messages, entries, errors };
  }

  it('queries entries with the filter language, narrowed by indexed columns', async () => {
    const all = stored();
    const logins = all.filter((e) => e.host === 'host-1' && e.kind === 'login');
    const reply = await stack.request(Subjects.logQuery, {
      filters: [
        ['host', '=', 'host-1'],
        ['kind', '=', 'login'],
      ],
      options: { select: ['seq'], limit: 10000 },
    });
    expect(reply.body.result).toEqual(logins.map((e) => ({ seq: e.seq })));

    const someLogin = logins[5];
    const bySession = await stack.request(Subjects.logQuery, {
      filters: [
        ['session.id', '=', someLogin.event.kind === 'login' ? someLogin.event.session.id : ''],
      ],
      options: { select: ['seq', 'kind'] },
    });
    expect((bySession.body.result as { kind: string }[])[0]).toEqual({
      seq: someLogin.seq,
      kind: 'login',
    });

    const latest = await stack.request(Subjects.logQuery, {
      options: { order_by: ['-seq'], limit: 3, select: ['seq'] },
    });
    expect(latest.body.result).toEqual([{ seq: 3000 }, { seq: 2999 }, { seq: 2998 }]);

    const user = await stack.request(Subjects.logQuery, {
      filters: [
        ['credentials_data.username', '=', 'mallory'],
        ['occurred_at.$date', '>=', '2025-03-01T01:00:00'],
      ],
      options: { count: true },
    });
    const expected = all.filter(
      (e) =>
        e.kind === 'login_failed' &&
        Date.parse(e.occurred_at) >= Date.parse('2025-03-01T01:00:00Z'),
    ).length;
    expect(user.body.result).toBe(expected);

    const first = await stack.request(Subjects.logQuery, {
      filters: [['seq', '=', 1]],
      options: { get: true },
    });
    expect(first.body.result).toMatchObject({
      seq: 1,
      event_id: all[0].event_id,
      occurred_at: { $date: Math.floor(Date.parse(all[0].occurred_at) / 1000) * 1000 },
      hash: all[0].hash,
    });
  });

  it('refuses bad log queries with 400', async () => {
    expect(
      (await stack.request(Subjects.logQuery, { filters: [['seq', 'like', 1]] })).body.error,
    ).toMatchObject({
      code: 400,
      errors: [['filters', 'Value error, Invalid operation: like', 22]],
    });
    expect((await stack.request(Subjects.logQuery, { filter: [] })).body.error?.code).toBe(400);
    expect(
      (await stack.request(Subjects.logQuery, { options: { limit: 20000 } })).body.error?.code,
    ).toBe(400);
  });

  it('streams a replay in several messages closed by an empty one', async () => {
    const all = stored();
    const whole = await replay({});
    expect(whole.errors).toEqual([]);
    expect(whole.messages).toBeGreaterThan(1);
    expect(whole.entries).toEqual(all);
    const range = await replay({ from_seq: 10, to_seq: 20, filters: [['kind', '=', 'login']] });
    expect(range.entries).toEqual(
      all.filter((e) => e.seq >= 10 && e.seq <= 20 && e.kind === 'login'),
    );
    const bad = await replay({ from_seq: 'x' });
    expect(bad.entries).toEqual([]);
    expect(bad.errors).toEqual([
      {
        code: 400,
        message: 'Invalid params',
        errors: [['from_seq', 'Input should be a non-negative integer', 22]],
      },
    ]);
  });

  it('verifies the chain and reports ranges', async () => {
    expect((await stack.request(Subjects.logVerify, {})).body.result).toEqual({
      ok: true,
      checked: 3000,
    });
    expect(
      (await stack.request(Subjects.logVerify, { from_seq: 100, to_seq: 199 })).body.result,
    ).toEqual({
      ok: true,
      checked: 100,
    });
    expect(
      (await stack.request(Subjects.logVerify, { from_seq: 5, to_seq: 4 })).body.error?.code,
    ).toBe(400);
  });

  it('reports stats', async () => {
    const stats = (await stack.request(Subjects.stats, {})).body.result as Record<string, unknown>;
    const all = stored();
    expect(stats).toMatchObject({
      last_seq: 3000,
      entries: 3000,
      dead_letters: 0,
      consumer: { name: 'authtrail', pending: 0 },
    });
    const kinds = all.reduce<Record<string, number>>(
      (acc, e) => ({ ...acc, [e.kind]: (acc[e.kind] ?? 0) + 1 }),
      {},
    );
    expect(stats.per_kind).toEqual(kinds);
    expect(stats.log_bytes).toBeGreaterThan(100_000);
    expect((await stack.request(Subjects.stats, { x: 1 })).body.error?.code).toBe(400);
  });

  it('pages the per-host part of stats, hosts sorted by name, with the totals of all', async () => {
    const whole = (await stack.request(Subjects.stats, {})).body.result as StatsReply;
    expect(whole.page).toBeUndefined();
    const pages = await Promise.all(
      [0, 1, 2].map(
        async (offset) =>
          (await stack.request(Subjects.stats, { options: { limit: 1, offset } })).body
            .result as StatsReply,
      ),
    );
    expect(pages.map((page) => page.page)).toEqual(
      [0, 1, 2].map((offset) => ({
        offset,
        limit: 1,
        hosts: 2,
      })),
    );
    expect(pages.map((page) => Object.keys(page.per_host))).toEqual([['host-0'], ['host-1'], []]);
    expect(Object.assign({}, ...pages.map((page) => page.per_host))).toEqual(whole.per_host);
    expect(Object.assign({}, ...pages.map((page) => page.live_sessions))).toEqual(
      whole.live_sessions,
    );
    for (const page of pages) {
      expect([page.entries, page.per_kind, page.last_seq]).toEqual([
        whole.entries,
        whole.per_kind,
        whole.last_seq,
      ]);
    }
    const bad = await stack.request(Subjects.stats, { options: { limit: 0 } });
    expect(bad.body.error?.code).toBe(400);
  });

  it('refuses a verify range outside the log with 400 naming it and the last seq', async () => {
    const reply = await stack.request(Subjects.logVerify, { from_seq: 3001 });
    expect(reply.body.error).toEqual({
      code: 400,
      message:
        "bad range from_seq 3001 to the end: it starts after the log's last seq (the log's seqs are 1 to 3000)",
    });
  });

  it('publishes each committed entry on audit.log.appended', async () => {
    const seen: LogEntry[] = [];
    const sub = stack.nc.subscribe(APPENDED_WILDCARD, {
      callback: (_e, msg) => seen.push(JSON.parse(decoder.decode(msg.data))),
    });
    await stack.nc.flush();
    const event = loggedIn({
      host: 'host-0',
      boot_id: events[0].boot_id,
      occurred_at: '2030-01-01T00:00:00Z',
    });
    await stack.publish(event);
    const entry = await waitFor('the appended notification', () =>
      seen.find((e) => e.event_id === event.event_id),
    );
    sub.unsubscribe();
    expect(entry).toMatchObject({ seq: 3001, host: 'host-0', kind: 'login', event });
  });

  it('waits for after_seq and gives up with 504', async () => {
    const started = Date.now();
    const reply = await stack.sessions({ host: 'host-0', after_seq: 1_000_000 });
    expect(reply.body.error).toEqual({
      code: 504,
      message: 'stream sequence 1000000 was not applied within 5000 ms',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
  });
});

describe('verify finds tampering done directly in the SQLite file', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
    const receipts = await new EventPublisher(stack.nc).publishAll(eventHistory(20, 1, 5));
    await stack.sessions({}, receipts.at(-1)!.seq);
  });

  afterAll(() => stack?.dispose());

  const verify = async () => (await stack.request(Subjects.logVerify, {})).body.result;
  const attacker = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(stack.dbPath);
    try {
      db.exec(
        'DROP TRIGGER IF EXISTS entries_append_only_update; DROP TRIGGER IF EXISTS entries_append_only_delete;',
      );
      return fn(db);
    } finally {
      db.close();
    }
  };

  it('finds an edited, a deleted and an inserted entry at the right seq', async () => {
    expect(await verify()).toEqual({ ok: true, checked: 20 });

    const original = attacker(
      (db) => db.prepare('SELECT * FROM entries WHERE seq = 5').get() as Record<string, unknown>,
    );
    attacker((db) =>
      db
        .prepare(`UPDATE entries SET event = replace(event, '"host-0"', '"host-9"') WHERE seq = 5`)
        .run(),
    );
    expect(await verify()).toEqual({
      ok: false,
      checked: 4,
      first_bad_seq: 5,
      reason: 'entry 5 does not match its hash',
    });
    attacker((db) => db.prepare('UPDATE entries SET event = ? WHERE seq = 5').run(original.event));
    expect(await verify()).toEqual({ ok: true, checked: 20 });

    attacker((db) => db.prepare('DELETE FROM entries WHERE seq = 12').run());
    expect(await verify()).toEqual({
      ok: false,
      checked: 11,
      first_bad_seq: 12,
      reason: 'entry 12 is missing',
    });

    attacker((db) => {
      for (let seq = 11; seq >= 7; seq--)
        db.prepare('UPDATE entries SET seq = seq + 1 WHERE seq = ?').run(seq);
      const forged = { ...original, seq: 7, event_id: '11111111-1111-4111-8111-111111111111' };
      const columns = Object.keys(forged);
      db.prepare(
        `INSERT INTO entries (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`,
      ).run(...Object.values(forged));
    });
    expect(await verify()).toEqual({
      ok: false,
      checked: 6,
      first_bad_seq: 7,
      reason: 'entry 7 does not match its hash',
    });
  });
});
