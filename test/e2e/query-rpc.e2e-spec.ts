import fc from 'fast-check';
import { ERROR_CODE_HEADER, ERROR_HEADER, Subjects } from '@authtrail/contracts';
import { asServed, loginForRow } from '../fixtures/f5-events';
import { C, f5Rows, K, N, T, W } from '../fixtures/f5-rows';
import { TestStack } from '../harness/test-stack';

const HOST = 'f5';

describe('auth.sessions query language over NATS (fixture F5 published as events)', () => {
  let stack: TestStack;
  const query = (filters: unknown[], options: Record<string, unknown> = {}) =>
    stack.sessions({ host: HOST, caller_session_id: C.id, filters, options });
  const ids = (result: unknown) => (result as { id: string }[]).map((row) => row.id);

  beforeAll(async () => {
    stack = await TestStack.start();
    let last = 0;
    for (const [index, row] of f5Rows().entries())
      last = await stack.publish(loginForRow(row, HOST, index));
    expect(ids((await stack.sessions({ host: HOST }, last)).body.result)).toHaveLength(5);
  });

  afterAll(() => stack?.dispose());

  it('case 1: lists every row oldest first, the caller current', async () => {
    expect((await query([])).body.result).toEqual(asServed(f5Rows(), C.id));
  });

  it('cases 2, 6, 7, 8: equality, dotted paths and the missing-key rule', async () => {
    expect(ids((await query([['internal', '=', false]])).body.result)).toEqual([W.id, K.id, T.id]);
    expect(
      ids((await query([['credentials_data.username', '=', 'truenas_admin']])).body.result),
    ).toEqual([W.id, T.id]);
    expect(ids((await query([['credentials_data.username', '!=', 'root']])).body.result)).toEqual([
      W.id,
      K.id,
      T.id,
    ]);
    expect(ids((await query([['credentials_data.username', 'rin', 'admin']])).body.result)).toEqual(
      [W.id, T.id],
    );
  });

  it('case 3: get returns the object with whole-second dates', async () => {
    const reply = await query([['current', '=', true]], { get: true });
    expect(reply.body.result).toEqual({ ...asServed([C], C.id)[0] });
    expect((reply.body.result as { created_at: unknown }).created_at).toEqual({
      $date: 1736935200000,
    });
  });

  it('cases 4 and 5: count and select', async () => {
    expect((await query([], { count: true })).body.result).toBe(5);
    expect((await query([['internal', '=', true]], { count: true })).body.result).toBe(2);
    expect(
      (
        await query([['credentials', 'in', ['API_KEY', 'TOKEN']]], {
          select: ['id', 'credentials'],
        })
      ).body.result,
    ).toEqual([
      { id: K.id, credentials: 'API_KEY' },
      { id: T.id, credentials: 'TOKEN' },
    ]);
  });

  it('cases 9, 10, 12: prefix, regex, case-insensitive and OR with an AND group', async () => {
    expect(ids((await query([['origin', '^', 'UNIX socket']])).body.result)).toEqual([C.id]);
    expect(ids((await query([['origin', '~', '^\\[.*\\]:\\d+$']])).body.result)).toEqual([T.id]);
    expect(ids((await query([['credentials', 'C=', 'api_key']])).body.result)).toEqual([K.id]);
    expect(
      ids(
        (
          await query([
            [
              'OR',
              [
                [
                  ['internal', '=', false],
                  ['credentials', '=', 'API_KEY'],
                ],
                ['current', '=', true],
              ],
            ],
          ])
        ).body.result,
      ),
    ).toEqual([K.id, C.id]);
  });

  it('cases 13, 14, 15, 20: ordering, paging and timestamp filters', async () => {
    expect(ids((await query([], { order_by: ['-created_at'], limit: 2 })).body.result)).toEqual([
      C.id,
      T.id,
    ]);
    expect(
      (await query([], { order_by: ['credentials'], offset: 1, limit: 2, select: ['credentials'] }))
        .body.result,
    ).toEqual([{ credentials: 'LOGIN_PASSWORD' }, { credentials: 'TOKEN' }]);
    expect(
      ids((await query([['created_at.$date', '>=', '2025-01-15T09:30:00']])).body.result),
    ).toEqual([K.id, T.id, C.id]);
    expect((await query([], { offset: 10 })).body.result).toEqual([]);
    expect(ids((await query([], { offset: 4 })).body.result)).toEqual([C.id]);
  });

  it('cases 21 and 22: renamed and nested selects', async () => {
    expect(
      (
        await query([['credentials_data.api_key.name', '=', 'backup-key']], {
          select: [['credentials_data.api_key.id', 'key_id']],
        })
      ).body.result,
    ).toEqual([{ key_id: 3 }]);
    expect((await query([], { select: ['credentials_data.username'] })).body.result).toEqual([
      {},
      { credentials_data: { username: 'truenas_admin' } },
      { credentials_data: { username: 'svc_backup' } },
      { credentials_data: { username: 'truenas_admin' } },
      { credentials_data: { username: 'root' } },
    ]);
  });

  it('case 16: get with no match is a 404, with two matches the first', async () => {
    const missing = await query([['credentials', '=', 'LOGIN_TWOFACTOR']], { get: true });
    expect(missing.body.error).toEqual({ code: 404, message: 'MatchNotFound()' });
    expect(missing.headers[ERROR_CODE_HEADER]).toBe('404');
    expect(missing.headers[ERROR_HEADER]).toBe('MatchNotFound()');
    expect(
      ((await query([['internal', '=', true]], { get: true })).body.result as { id: string }).id,
    ).toBe(N.id);
  });

  it('cases 17, 18, 19 and option bounds: 400 with the attribute', async () => {
    expect((await query([['id', 'like', 'x']])).body.error).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [['filters', 'Value error, Invalid operation: like', 22]],
    });
    expect((await query([['created_at.$date', '^', '2025']])).body.error?.errors).toEqual([
      ['filters', 'Value error, ^: invalid timestamp operation.', 22],
    ]);
    const combo = await query([], { get: true, limit: 2 });
    expect(combo.body.error).toEqual({
      code: 400,
      message: 'Invalid options combination. `get` implies a single result.',
    });
    expect(combo.headers[ERROR_CODE_HEADER]).toBe('400');
    expect((await query([], { limit: 10001 })).body.error?.errors).toEqual([
      ['options.limit', 'Input should be less than or equal to 10000', 22],
    ]);
    expect((await query([], { bogus: 1 })).body.error?.errors).toEqual([
      ['options.bogus', 'Extra inputs are not permitted', 22],
    ]);
  });

  it('case 23: a TypeError of mixed nulls is a 400 with the TrueNAS reason', async () => {
    const reply = await query([], { order_by: ['credentials_data.username'] });
    expect(reply.body.error).toEqual({
      code: 400,
      message: "'<' not supported between instances of 'str' and 'NoneType'",
    });
  });

  it('slices rows by field on auth.sessions.<field>', async () => {
    const reply = await stack.request(`${Subjects.sessions}.origin`, {
      host: HOST,
      filters: [['internal', '=', false]],
    });
    expect(reply.body.result).toEqual([
      { origin: W.origin },
      { origin: K.origin },
      { origin: T.origin },
    ]);
    const count = await stack.request(`${Subjects.sessions}.id`, {
      host: HOST,
      options: { count: true },
    });
    expect(count.body.result).toBe(5);
  });

  it('answers a few thousand random requests with replies, never a crash', async () => {
    const subjects = [
      Subjects.sessions,
      `${Subjects.sessions}.id`,
      `${Subjects.sessions}.created_at`,
    ];
    const leaf = fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'id',
          'origin',
          'credentials_data.username',
          'created_at.$date',
          'x.*.y',
          'OR',
        ),
        fc.string(),
      ),
      fc.oneof(fc.constantFrom('=', '!=', '<', '~', 'in', 'rin', 'C^', 'C~', '$'), fc.string()),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const filters = fc.oneof(fc.array(leaf, { maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }));
    const options = fc.oneof(
      fc.record(
        {
          select: fc.jsonValue({ maxDepth: 2 }),
          order_by: fc.array(
            fc.oneof(fc.constantFrom('-created_at', 'nulls_first:id', 'origin'), fc.string()),
          ),
          limit: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.jsonValue()),
          offset: fc.oneof(fc.integer({ min: -5, max: 10 }), fc.jsonValue()),
          count: fc.jsonValue(),
          get: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const request = fc.oneof(
      fc.record(
        { filters, options, host: fc.constantFrom(HOST, 'nope', '', 'a.b') },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const samples = fc.sample(fc.tuple(fc.constantFrom(...subjects), request), {
      numRuns: 3000,
      seed: 42,
    });
    const codes = new Map<string, number>();
    for (let i = 0; i < samples.length; i += 100) {
      const replies = await Promise.all(
        samples.slice(i, i + 100).map(([subject, body]) => stack.request(subject, body)),
      );
      for (const reply of replies) {
        const key = reply.body.error ? String(reply.body.error.code) : 'result';
        codes.set(key, (codes.get(key) ?? 0) + 1);
        expect(reply.body.error?.code).not.toBe(500);
      }
    }
    expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(3000);
    expect(codes.get('result')).toBeGreaterThan(0);
    expect(codes.get('400')).toBeGreaterThan(0);
    expect(stack.service.running).toBe(true);
    expect(ids((await query([])).body.result)).toEqual([N.id, W.id, K.id, T.id, C.id]);
  });
});
