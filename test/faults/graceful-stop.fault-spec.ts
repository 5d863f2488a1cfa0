import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { TestStack } from '../harness/test-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM during ingest', () => {
  it('commits and acks the batch in hand, drains, exits 0 within 10 s; nothing lost or doubled', async () => {
    const stack = await TestStack.start();
    try {
      const events = eventHistory(10_000, 2, 23, 0, 300);
      const publishing = publishPaced(stack.nc, events, 5_000);
      await sleep(800);
      const started = Date.now();
      expect(await stack.service.stop('SIGTERM')).toBe(0);
      const stopMs = Date.now() - started;
      expect(stopMs).toBeLessThan(10_000);
      const receipts = await publishing;
      await stack.service.start();
      await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
      const log = readLog(stack.dbPath);
      expect(log).toHaveLength(10_000);
      expect(new Set(log.map((e) => e.event_id)).size).toBe(10_000);
      console.log(`graceful stop took ${stopMs} ms`);
    } finally {
      await stack.dispose();
    }
  });
});
