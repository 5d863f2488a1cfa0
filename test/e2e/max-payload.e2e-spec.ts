import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';

describe('a result larger than the max payload', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const config = join(tmpdir(), `authtrail-max-payload-${process.pid}.conf`);
    writeFileSync(config, 'max_payload: 4096\n');
    stack = await TestStack.start({}, ['-c', config]);
  });

  afterAll(() => stack?.dispose());

  it('is refused with advice to page, and the connection keeps serving', async () => {
    let last = 0;
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.parse('2025-01-15T09:00:00Z') + i * 1000).toISOString();
      last = await stack.publish(loggedIn({ sessionId: `session-${i}`, occurred_at: at }));
    }
    const whole = await stack.sessions({}, last);
    expect(whole.body.error?.code).toBe(400);
    expect(whole.body.error?.message).toMatch(
      /^the result is \d+ bytes, over the 4096-byte message limit: page it with options.limit and options.offset$/,
    );
    expect(whole.headers['Nats-Service-Error-Code']).toBe('400');
    const page = await stack.sessions({ options: { limit: 5, offset: 5, select: ['id'] } });
    expect(page.body.result).toEqual([5, 6, 7, 8, 9].map((i) => ({ id: `session-${i}` })));
    expect(stack.service.running).toBe(true);
  });

  it('answers a query without host over many hosts with the 400 naming host, in one message', async () => {
    // 300 more hosts: listing them all (twice, body and header) would be far over 4096 bytes.
    const hosts = Array.from({ length: 300 }, (_, i) => `bulk-host-${String(i).padStart(3, '0')}`);
    let last = 0;
    for (const [i, host] of hosts.entries()) {
      last = await stack.publish(loggedIn({ sessionId: `bulk-${i}`, host }));
    }
    await stack.waitUntilApplied(last, 30_000, hosts.at(-1));
    const reply = await stack.sessions({ options: { count: true } });
    expect(reply.body.error?.code).toBe(400);
    expect(reply.body.error?.message).toBe(
      `several hosts are known (${hosts.slice(0, 10).join(', ')} … and 291 more): ` +
        'name one with "host"',
    );
    expect(reply.headers['Nats-Service-Error-Code']).toBe('400');
    expect(stack.service.output).not.toContain('unhandled rejection');
    const one = await stack.sessions({ host: hosts[7], options: { select: ['id'] } });
    expect(one.body.result).toEqual([{ id: 'bulk-7' }]);
  });
});
