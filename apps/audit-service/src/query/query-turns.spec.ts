import { GateBusyError } from '../rpc/heavy-gate';
import type { IngestBacklog } from '../status/ingest-backlog';
import { MAX_WAITING, QUERY_SHARE, QueryTurns } from './query-turns';

describe('QueryTurns', () => {
  let ingestWaiting = true;
  const backlog = {
    get ingestWaiting() {
      return ingestWaiting;
    },
  } as IngestBacklog;
  let turns: QueryTurns;

  beforeEach(() => {
    ingestWaiting = true;
    turns = new QueryTurns(backlog);
  });
  afterEach(() => turns.onApplicationShutdown());

  it('while ingest waits, holds a query that overspent its share until the budget is back', async () => {
    const turn = turns.start();
    const started = performance.now();
    // 30 ms of query time, from a full budget of 20: 10 ms owed, back in 10 / share ms.
    await turn.next(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(10 / QUERY_SHARE - 2);
    turn.done(1);
  });

  it('gives the next turn to the waiting query that has run least', async () => {
    const order: string[] = [];
    const long = turns.start();
    const longWaits = long.next(500).then(() => {
      order.push('long');
      long.done(1);
    });
    const short = turns.start();
    const shortWaits = short.next(2).then(() => {
      order.push('short');
      short.done(1);
    });
    ingestWaiting = false; // the budget is no longer held: the turns come at once, by priority
    await Promise.all([longWaits, shortWaits]);
    expect(order).toEqual(['short', 'long']);
  });

  it('lets queries run as they come while ingest has nothing waiting', async () => {
    ingestWaiting = false;
    const first = turns.start();
    await first.next(10_000);
    const second = turns.start();
    await second.next(10_000);
    second.done(1);
    first.done(1);
    expect(turns.queued).toBe(0);
  });

  it('refuses a query at once with a 503 when the queue is full', async () => {
    const turn = turns.start();
    const held = turn.next(60_000).catch((error: Error) => error);
    const queued = Array.from({ length: MAX_WAITING - 1 }, () =>
      turns
        .start()
        .next(1)
        .catch((error: Error) => error),
    );
    await expect(turns.start().next(1)).rejects.toThrow(GateBusyError);
    await expect(turns.start().next(1)).rejects.toThrow(/busy with 64 queries waiting for a turn/);
    turns.onApplicationShutdown();
    for (const waiting of [held, ...queued]) {
      await expect(waiting).resolves.toBeInstanceOf(GateBusyError);
    }
  });
});

describe('QueryTurns under a flood', () => {
  it('gives the long queries their turns in the order they came, after the short ones', async () => {
    const turns = new QueryTurns({
      ingestWaiting: false,
    } as unknown as IngestBacklog);
    const order: string[] = [];
    const old = turns.start();
    await old.next(200); // the oldest has run most
    const young = turns.start();
    const short = turns.start();
    const waits = [
      old.next(50).then(() => (order.push('old'), old.done(1))),
      young.next(20).then(() => (order.push('young'), young.done(1))),
      short.next(1).then(() => (order.push('short'), short.done(1))),
    ];
    await Promise.all(waits);
    expect(order).toEqual(['short', 'old', 'young']);
    turns.onApplicationShutdown();
  });
});
