import { compileQuery } from '@authtrail/filter-list';
import type { IngestBacklog } from '../status/ingest-backlog';
import { QueryTurns } from './query-turns';
import { runInSlices } from './run-in-slices';

describe('runInSlices', () => {
  const rows = Array.from({ length: 30_000 }, (_, id) => ({ id, k: (id * 7919) % 30_000 }));

  it('gives the result of run() and lets the event loop turn between slices', async () => {
    const query = compileQuery([['k', '>=', 0]], { order_by: ['-k'], limit: 5_000 });
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    try {
      const result = await runInSlices<unknown>(query.start(rows), 1, 4);
      expect(result).toEqual(query.run(rows));
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  });

  it('answers a small query without waiting for a turn', async () => {
    const query = compileQuery([['id', '=', 3]], { get: true });
    let turned = false;
    setImmediate(() => (turned = true));
    await expect(runInSlices<unknown>(query.start(rows.slice(0, 10)))).resolves.toEqual(rows[3]);
    expect(turned).toBe(false);
  });

  it('rejects with the error of the query', async () => {
    const query = compileQuery([], { order_by: ['k'] });
    const mixed = [{ k: 1 }, { k: 'a' }];
    await expect(runInSlices<unknown>(query.start(mixed))).rejects.toThrow("'<' not supported");
  });

  it('waits for its turns between slices and reports its last slice, done or failed', async () => {
    const reported: string[] = [];
    const turns = {
      start: () => ({
        next: () => {
          reported.push('next');
          return Promise.resolve();
        },
        done: () => reported.push('done'),
      }),
    } as unknown as QueryTurns;
    const query = compileQuery([['k', '>=', 0]], { order_by: ['-k'], limit: 5_000 });
    await expect(runInSlices<unknown>(query.start(rows), 1, 4, turns)).resolves.toEqual(
      query.run(rows),
    );
    expect(reported.at(-1)).toBe('done');
    expect(reported.filter((r) => r === 'next').length).toBeGreaterThan(0);
    reported.length = 0;
    const failing = compileQuery([], { order_by: ['k'] });
    await expect(
      runInSlices<unknown>(failing.start([{ k: 1 }, { k: 'a' }]), 10, 1, turns),
    ).rejects.toThrow("'<' not supported");
    expect(reported).toEqual(['done']);
  });

  it('answers a short query in its first slice while long ones wait for their turns', async () => {
    const turns = new QueryTurns({
      ingestWaiting: true,
    } as unknown as IngestBacklog);
    try {
      const long = turns.start();
      const held = long.next(500).catch((error: Error) => error); // far beyond its share: queued
      const query = compileQuery([['id', '=', 3]], { get: true });
      // The long query owes about 3 s of the share: the short one must not wait for it.
      const later = new Promise((resolve) => setTimeout(() => resolve('waited'), 1_000).unref());
      await expect(
        Promise.race([runInSlices<unknown>(query.start(rows), 10, 1, turns), later]),
      ).resolves.toEqual(rows[3]);
      expect(turns.queued).toBe(1);
      turns.onApplicationShutdown();
      await held;
    } finally {
      turns.onApplicationShutdown();
    }
  });
});
