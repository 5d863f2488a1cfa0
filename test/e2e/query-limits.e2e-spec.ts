import { Subjects } from '@authtrail/contracts';
import { DEFAULT_QUERY_LIMITS } from '@authtrail/filter-list';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack, type RpcReply } from '../harness/test-stack';

/**
 * Hostile sessions queries against the real service: each gets its 400 (or its answer) within a
 * generous bound while a cheap `count` probe, sent every 100 ms meanwhile, keeps answering.
 */

const HOST = 'truenas';
const SESSIONS = 300;
const LONG_USERNAME = 'a'.repeat(5_000) + '!';
const BOUND_MS = 15_000;
const PROBE_BOUND_MS = 3_000;
const L = DEFAULT_QUERY_LIMITS;

/** JSON text of `leaf` inside `depth` lists. */
const nested = (depth: number, leaf: unknown): string =>
  '['.repeat(depth) + JSON.stringify(leaf) + ']'.repeat(depth);

describe('query limits against the running service', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
    let last = 0;
    const published: Promise<number>[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const login = loggedIn({ sessionId: `s-${i}` });
      if (i === 0) login.session.credentials_data = { username: LONG_USERNAME };
      else login.session.credentials_data = { username: `user${i}` };
      published.push(stack.publish(login));
    }
    for (const seq of await Promise.all(published)) last = Math.max(last, seq);
    const reply = await stack.sessions({ host: HOST, options: { count: true } }, last);
    expect(reply.body.result).toBe(SESSIONS);
  });

  afterAll(() => stack?.dispose());

  /**
   * Sends `request` (an object, or JSON text too deep for JSON.stringify) while probing every
   * 100 ms; the reply, its time, and the probes' worst latency.
   */
  async function underProbe(request: Record<string, unknown> | string) {
    let probing = true;
    const latencies: number[] = [];
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        const reply = await stack.sessions({ host: HOST, options: { count: true } });
        latencies.push(performance.now() - started);
        expect(reply.body.result).toBe(SESSIONS);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = performance.now();
    let reply: RpcReply;
    try {
      reply = await (typeof request === 'string'
        ? stack.request(Subjects.sessions, new TextEncoder().encode(request))
        : stack.sessions({ host: HOST, ...request }));
    } finally {
      probing = false;
      await probe;
    }
    return { reply, elapsed: performance.now() - started, worstProbe: Math.max(0, ...latencies) };
  }

  async function refused(request: Record<string, unknown> | string, text: RegExp): Promise<void> {
    const { reply, elapsed, worstProbe } = await underProbe(request);
    expect(reply.body.error).toMatchObject({ code: 400 });
    const error = reply.body.error as { message: string; errors?: [string, string, number][] };
    const texts = [error.message, ...(error.errors ?? []).map((e) => e[1])].join('\n');
    expect(texts).toMatch(text);
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect(worstProbe).toBeLessThan(PROBE_BOUND_MS);
  }

  // Only `(\w+\s?)*$` matches, and only the other usernames (user1 ... user299).
  it.each([
    ['(.*.*)*x', 0],
    ['(a+)+$', 0],
    ['.*.*.*x', 0],
    ['(a|aa)+$', 0],
    ['(a*)*b', 0],
    ['a*a*a*a*a*b', 0],
    ['(\\w+\\s?)*$', SESSIONS - 1],
    ['(?i)(A+)+$', 0],
  ])('answers the regex %j over a stored username of 5,000 a and a !', async (pattern, count) => {
    const filters = [['credentials_data.username', '~', pattern]];
    const { reply, elapsed, worstProbe } = await underProbe({ filters, options: { count: true } });
    expect(reply.body).toEqual({ result: count });
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect(worstProbe).toBeLessThan(PROBE_BOUND_MS);
  });

  it('refuses a backreference by name', async () => {
    await refused(
      { filters: [['credentials_data.username', '~', '(a)\\1']] },
      /backreferences are not supported \(patterns run in linear time\)/,
    );
  });

  it('refuses 70,000 always-true conditions (over the request byte limit)', async () => {
    // About 980 KB: under NATS's 1 MiB payload, over the service's request limit.
    const filters = Array.from({ length: 70_000 }, () => ['id', '!=', 0]);
    await refused({ filters }, /query limit maxRequestBytes = /);
  });

  it('refuses conditions beyond maxConditions, and an OR of 50,000 branches', async () => {
    const filters = Array.from({ length: 10_000 }, () => ['id', '!=', 0]);
    await refused({ filters }, new RegExp(`query limit maxConditions = ${L.maxConditions}`));
    const branches = Array.from({ length: 50_000 }, (_, i) => ['id', '=', i]);
    await refused({ filters: [['OR', branches]] }, /query limit max(Conditions|RequestBytes) = /);
    const fewer = Array.from({ length: 5_000 }, (_, i) => ['id', '=', i]);
    await refused({ filters: [['OR', fewer]] }, /query limit maxConditions = /);
  });

  it('refuses order_by with 10,000 keys and select with 1,000 deep paths', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    await refused({ options: { order_by: keys } }, /query limit maxOrderBy = /);
    const deep = Array.from({ length: 40 }, (_, i) => `p${i}`).join('.');
    const paths = Array.from({ length: 1_000 }, () => deep);
    await refused({ options: { select: paths } }, /query limit maxSelect = /);
    await refused({ options: { select: [deep] } }, /query limit maxPathDepth = /);
  });

  it('refuses Cin with a 1 MB value, and with a 100 KB one', async () => {
    const filters = (n: number) => [['credentials_data.username', 'Cin', 'x'.repeat(n)]];
    await refused({ filters: filters(1_000_000) }, /query limit maxRequestBytes = /);
    await refused({ filters: filters(100_000) }, /query limit maxStringLength = /);
  });

  it('refuses filters nested 5,000 deep and deep lists in in or select, as 400s', async () => {
    const body = (fields: string) => `{"host": "${HOST}", ${fields}}`;
    await refused(body(`"filters": ${nested(5_000, ['id', '=', 1])}`), /query limit maxDepth = /);
    await refused(
      body(`"filters": [["id", "in", ${nested(5_000, 1)}]]`),
      /query limit maxDepth = /,
    );
    await refused(
      body(`"options": {"select": [${nested(5_000, 'id')}]}`),
      /query limit maxDepth = /,
    );
  });

  it('refuses a 100,000-character pattern', async () => {
    const filters = [['credentials_data.username', '~', 'a'.repeat(100_000)]];
    await refused({ filters }, /query limit maxPatternLength = /);
  });

  it('still serves every session afterwards', async () => {
    const reply = await stack.sessions({
      host: HOST,
      filters: [['credentials_data.username', '~', 'a+!$']],
      options: { select: ['id'] },
    });
    expect(reply.body).toEqual({ result: [{ id: 's-0' }] });
  });
});
