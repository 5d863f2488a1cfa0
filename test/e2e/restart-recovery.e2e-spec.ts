import { SqliteEventLog } from '@authtrail/event-log';
import { EventPublisher } from '@authtrail/publisher';
import { foldEntries, initialSessionsState, activeSessions } from '@authtrail/sessions';
import { Subjects } from '@authtrail/contracts';
import { eventHistory } from '../fixtures/event-history';
import { TestStack } from '../harness/test-stack';

const HOSTS = ['host-0', 'host-1'];

describe('restart from checkpoints after SIGKILL', () => {
  let stack: TestStack;
  const events = eventHistory(2400, HOSTS.length, 21);

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_CHECKPOINT_EVERY: '1000' });
  });

  afterAll(() => stack?.dispose());

  /** The projection a full replay of the log file gives. */
  function fullReplay(): Record<string, unknown[]> {
    const log = new SqliteEventLog(stack.dbPath, { readonly: true });
    try {
      const state = foldEntries(initialSessionsState(), log.read());
      return Object.fromEntries(HOSTS.map((host) => [host, [...activeSessions(state, host)]]));
    } finally {
      log.close();
    }
  }

  async function served(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const host of HOSTS) out[host] = (await stack.sessions({ host })).body.result as unknown[];
    return out;
  }

  it.each([
    ['after a checkpoint', 0, 2000],
    ['between checkpoints', 2000, 2400],
  ])(
    'comes back %s with the projection of a full replay and a sound chain',
    async (_when, from, upTo) => {
      const publisher = new EventPublisher(stack.nc);
      const receipts = await publisher.publishAll(events.slice(from, upTo));
      await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
      expect(await stack.service.stop('SIGKILL')).toBeNull();

      await stack.service.start();
      const [, checkpoint, replayed] = /checkpoint at seq (\d+), (\d+) entries replayed/
        .exec(stack.service.output)!
        .map(Number);
      expect(checkpoint).toBeGreaterThanOrEqual(from === 0 ? 1000 : 2000);
      expect(checkpoint + replayed).toBe(upTo);
      if (from > 0) expect(replayed).toBeGreaterThan(0);
      expect(await served()).toEqual(fullReplay());
      expect((await stack.request(Subjects.logVerify, {})).body.result).toEqual({
        ok: true,
        checked: upTo,
      });
    },
  );
});
