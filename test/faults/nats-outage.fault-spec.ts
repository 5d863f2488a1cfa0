import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('NATS outage of 10 s in the middle of ingest', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  it('reconnects by itself, logs the outage once, and ingests everything', async () => {
    const events = eventHistory(8_000, 2, 17, 0, 300);
    const publishing = publishPaced(stack.nc, events, 1_000);
    await sleep(3_000);
    await stack.nats.stop();
    await sleep(10_000);
    expect(stack.service.running).toBe(true);
    await stack.nats.start();
    const back = Date.now();
    await waitFor('a query answered from the projection', async () =>
      Array.isArray((await stack.request('auth.sessions', { host: 'host-0' }, 250)).body.result)
        ? true
        : undefined,
    );
    const answeredMs = Date.now() - back;
    const receipts = await publishing;
    await stack.waitUntilApplied(receipts.at(-1)!.seq, 60_000);

    const log = readLog(stack.dbPath);
    expect(log).toHaveLength(events.length);
    expect(new Set(log.map((e) => e.event_id))).toEqual(new Set(events.map((e) => e.event_id)));
    const lost = stack.service.output.match(/connection to [^ ]+ lost/g) ?? [];
    const restored =
      stack.service.output.match(/connection to [^ ]+ restored after [\d.]+ s/g) ?? [];
    expect(lost).toHaveLength(1);
    expect(restored).toHaveLength(1);
    expect(stack.service.output).not.toMatch(/"level":"error"/);
    console.log(
      `outage test: ${events.length} events, ${restored[0]}, queries answered ${answeredMs} ms after NATS was back`,
    );
  });
});
