import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { TestStack } from '../harness/test-stack';

describe('SIGTERM while NATS is unreachable', () => {
  it('still stops (exit 0) and keeps every committed entry', async () => {
    const stack = await TestStack.start();
    try {
      const events = eventHistory(20, 1, 41);
      let last = 0;
      for (const event of events) last = await stack.publish(event);
      await stack.waitUntilApplied(last, 20_000);
      await stack.nats.stop();

      // The connections' reconnect timers kept a stopped service running until NATS came back.
      expect(await stack.service.stop('SIGTERM')).toBe(0);
      expect(stack.service.output).toMatch(/"message":"stopped"/);

      expect(readLog(stack.dbPath).map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
      await stack.nats.start();
      await stack.service.start();
      const reply = await stack.sessions({ host: 'host-0' }, last);
      expect(reply.body.error).toBeUndefined();
    } finally {
      await stack.dispose();
    }
  }, 60_000);
});
