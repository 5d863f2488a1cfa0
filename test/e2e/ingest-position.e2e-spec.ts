import Database from 'better-sqlite3';
import { CONSUMER_DEFAULT, DEADLETTER_STREAM, STREAM_DEFAULT } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const encoder = new TextEncoder();

/** The ingest position stored in the log file (read beside the running service). */
function storedPosition(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT stream_seq FROM ingest_position').get() as { stream_seq: number })
      .stream_seq;
  } finally {
    db.close();
  }
}

describe('the ingest position after a batch of dead letters only', () => {
  let stack: TestStack;
  const events = eventHistory(4, 1, 31);
  let lastValid: number;
  let lastInvalid: number;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  async function deadLetterCount(): Promise<number> {
    const jsm = await stack.nc.jetstreamManager();
    return (await jsm.streams.info(DEADLETTER_STREAM)).state.messages;
  }

  const deadLettered = (output: string) => output.match(/dead-lettered stream seq \d+/g) ?? [];

  it('moves past messages that were only dead-lettered, in the log file', async () => {
    const receipts = await new EventPublisher(stack.nc).publishAll(events.slice(0, 3));
    lastValid = receipts.at(-1)!.seq;
    await stack.waitUntilApplied(lastValid, 10_000);
    expect(storedPosition(stack.dbPath)).toBe(lastValid);

    for (let i = 0; i < 3; i++) {
      lastInvalid = await stack.publish(
        encoder.encode(`not json ${i}`),
        'auth.events.host-0.login',
        `bad-${i}`,
      );
    }
    await stack.waitUntilApplied(lastInvalid, 10_000);
    await waitFor('three dead letters', async () =>
      (await deadLetterCount()) === 3 ? true : undefined,
    );
    expect(deadLettered(stack.service.output)).toHaveLength(3);
    expect(lastInvalid).toBe(lastValid + 3);
    // No entry for them, yet the file says they were handled.
    expect(readLog(stack.dbPath).at(-1)!.stream_seq).toBe(lastValid);
    expect(storedPosition(stack.dbPath)).toBe(lastInvalid);
  });

  it('does not handle them again after a restart', async () => {
    expect(await stack.service.stop()).toBe(0);
    await stack.service.start();
    await stack.waitUntilApplied(lastInvalid, 10_000);
    expect(deadLettered(stack.service.output)).toEqual([]);
    expect(stack.service.output).not.toMatch(/read stream messages/);
    expect(await deadLetterCount()).toBe(3);
  });

  it('nor with a new durable consumer: it starts after the position, not after the last entry', async () => {
    expect(await stack.service.stop()).toBe(0);
    const jsm = await stack.nc.jetstreamManager();
    await jsm.consumers.delete(STREAM_DEFAULT, CONSUMER_DEFAULT);
    await stack.service.start();
    expect(stack.service.output).toContain(
      `created durable consumer ${CONSUMER_DEFAULT} on ${STREAM_DEFAULT}, from stream seq ${lastInvalid + 1}`,
    );
    const [next] = await new EventPublisher(stack.nc).publishAll(events.slice(3));
    await stack.waitUntilApplied(next.seq, 10_000);
    expect(deadLettered(stack.service.output)).toEqual([]);
    expect(await deadLetterCount()).toBe(3);
    const log = readLog(stack.dbPath);
    expect(log.map((entry) => [entry.seq, entry.stream_seq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, lastInvalid + 1],
    ]);
    expect(storedPosition(stack.dbPath)).toBe(lastInvalid + 1);
  });
});
