import { createInbox } from 'nats';
import { Subjects } from '@authtrail/contracts';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';

/**
 * A query limit set in the environment holds on every surface of the query language: the
 * sessions RPC, the log query, time travel and replay filters (the last three run partly on the
 * read pool's threads, which must get the same limits).
 */

const decoder = new TextDecoder();
const three = [
  ['host', '=', 'truenas'],
  ['kind', '=', 'login'],
  ['seq', '>', 0],
];
const two = three.slice(0, 2);
const LIMIT_TEXT = /more than 2 conditions .*\(query limit maxConditions = 2\)/;

function errorTexts(error: unknown): string {
  const { message, errors } = error as { message: string; errors?: [string, string, number][] };
  return [message, ...(errors ?? []).map((e) => e[1])].join('\n');
}

describe('query limits from the environment, on every surface', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_QUERY_MAX_CONDITIONS: '2' });
    await stack.publish(loggedIn({ sessionId: 's-1' }));
    await stack.publish(loggedIn({ sessionId: 's-2' }));
  });

  afterAll(() => stack?.dispose());

  async function replayErrors(filters: unknown): Promise<{ errors: unknown[]; entries: number }> {
    const inbox = createInbox();
    const sub = stack.nc.subscribe(inbox);
    stack.nc.publish(Subjects.replay, JSON.stringify({ filters }), { reply: inbox });
    const errors: unknown[] = [];
    let entries = 0;
    for await (const msg of sub) {
      if (msg.data.length === 0) break;
      const body = JSON.parse(decoder.decode(msg.data)) as { result?: unknown[]; error?: unknown };
      if (body.error) {
        errors.push(body.error);
        break;
      }
      entries += body.result?.length ?? 0;
    }
    sub.unsubscribe();
    return { errors, entries };
  }

  it('auth.sessions', async () => {
    const sessionFilters = [
      ['id', '!=', 'x'],
      ['internal', '=', false],
      ['origin', '!=', 'y'],
    ];
    const refused = await stack.sessions({ host: 'truenas', filters: sessionFilters });
    expect(refused.body.error).toMatchObject({ code: 400 });
    expect(errorTexts(refused.body.error)).toMatch(LIMIT_TEXT);
    const answered = await stack.sessions({ host: 'truenas', filters: sessionFilters.slice(1) });
    expect(answered.body.result).toHaveLength(2);
  });

  it('audit.log.query', async () => {
    const refused = await stack.request(Subjects.logQuery, { filters: three });
    expect(refused.body.error).toMatchObject({ code: 400 });
    expect(errorTexts(refused.body.error)).toMatch(LIMIT_TEXT);
    const answered = await stack.request(Subjects.logQuery, { filters: two });
    expect(answered.body.result).toHaveLength(2);
  });

  it('audit.sessions.at', async () => {
    const at = { seq: 2, host: 'truenas' };
    const sessionFilters = [
      ['id', '!=', 'x'],
      ['internal', '=', false],
      ['origin', '!=', 'y'],
    ];
    const refused = await stack.request(Subjects.sessionsAt, { ...at, filters: sessionFilters });
    expect(refused.body.error).toMatchObject({ code: 400 });
    expect(errorTexts(refused.body.error)).toMatch(LIMIT_TEXT);
    const answered = await stack.request(Subjects.sessionsAt, {
      ...at,
      filters: sessionFilters.slice(1),
    });
    expect(answered.body.result).toHaveLength(2);
  });

  it('audit.replay', async () => {
    const refused = await replayErrors(three);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ code: 400 });
    expect(errorTexts(refused.errors[0])).toMatch(LIMIT_TEXT);
    expect(await replayErrors(two)).toEqual({ errors: [], entries: 2 });
  });
});
