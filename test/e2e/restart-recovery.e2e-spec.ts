import Database from 'better-sqlite3';
import { SqliteEventLog } from '@authtrail/event-log';
import { EventPublisher } from '@authtrail/publisher';
import { foldEntries, initialSessionsState, activeSessions } from '@authtrail/sessions';
import { Subjects } from '@authtrail/contracts';
import { eventHistory } from '../fixtures/event-history';
import { TestStack } from '../harness/test-stack';

const HOSTS = ['host-0', 'host-1'];

describe('restart from snapshots after SIGKILL', () => {
  let stack: TestStack;
  const events = eventHistory(2410, HOSTS.length, 21);

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_SNAPSHOT_EVERY: '1000' });
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

  /** Seq of the newest snapshot in the file (0 when there is none). */
  function newestSnapshot(): number {
    const db = new Database(stack.dbPath, { readonly: true });
    try {
      return (
        db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM snapshots').get() as {
          seq: number;
        }
      ).seq;
    } finally {
      db.close();
    }
  }

  async function served(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const host of HOSTS) out[host] = (await stack.sessions({ host })).body.result as unknown[];
    return out;
  }

  it.each([
    ['after a snapshot', 0, 2000],
    ['between snapshots', 2000, 2400],
  ])(
    'comes back %s with the projection of a full replay and a sound chain',
    async (_when, from, planned) => {
      const publisher = new EventPublisher(stack.nc);
      let upTo = planned;
      let receipts = await publisher.publishAll(events.slice(from, upTo));
      await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
      // Batches vary in size, so a snapshot may fall on the last entry: one more event then
      // leaves entries after it (a single event never reaches the next snapshot).
      while (from > 0 && newestSnapshot() === upTo) {
        receipts = await publisher.publishAll(events.slice(upTo, upTo + 1));
        await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
        upTo += 1;
      }
      const newest = newestSnapshot();
      expect(await stack.service.stop('SIGKILL')).toBeNull();

      await stack.service.start();
      const [, snapshot, replayed] = /snapshot at seq (\d+), (\d+) entries replayed/
        .exec(stack.service.output)!
        .map(Number);
      expect(newest).toBeGreaterThanOrEqual(1000);
      expect(snapshot).toBe(newest);
      expect(snapshot + replayed).toBe(upTo);
      if (from > 0) expect(replayed).toBeGreaterThan(0);
      expect(await served()).toEqual(fullReplay());
      expect((await stack.request(Subjects.logVerify, {})).body.result).toEqual({
        ok: true,
        checked: upTo,
      });
    },
  );
});
