import { Subjects } from '@authtrail/contracts';
import { eventHistory, seededRandom } from '../fixtures/event-history';
import { readLog, replayedSessions } from '../harness/log-file';
import { publishPaced } from '../harness/paced-publisher';
import { TestStack } from '../harness/test-stack';

const HOSTS = ['host-0', 'host-1', 'host-2'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL during ingest', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ AUTHTRAIL_SNAPSHOT_EVERY: '2000' });
  });

  afterAll(() => stack?.dispose());

  it('loses nothing and duplicates nothing over 20,000 events and 6 kills', async () => {
    const events = eventHistory(20_000, HOSTS.length, 13, 0, 300);
    const random = seededRandom(5);
    const publishing = publishPaced(stack.nc, events, 4_000);
    const recoveries: number[] = [];
    for (let kill = 0; kill < 6; kill++) {
      await sleep(400 + Math.floor(random() * 600));
      expect(await stack.service.stop('SIGKILL')).toBeNull();
      const started = Date.now();
      await stack.service.start();
      recoveries.push(Date.now() - started);
    }
    const receipts = await publishing;
    const caughtUp = Date.now();
    await stack.waitUntilApplied(receipts.at(-1)!.seq, 120_000);
    const catchUpMs = Date.now() - caughtUp;

    const log = readLog(stack.dbPath);
    expect(log).toHaveLength(20_000);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1));
    expect(new Set(log.map((e) => e.event_id))).toEqual(new Set(events.map((e) => e.event_id)));
    expect((await stack.request(Subjects.logVerify, {})).body.result).toEqual({
      ok: true,
      checked: 20_000,
    });
    for (const host of HOSTS) {
      expect((await stack.sessions({ host })).body.result).toEqual(
        replayedSessions(stack.dbPath, [host])[host],
      );
    }
    console.log(
      `crash test: 20000 events, 6 SIGKILLs, restart to ready ${recoveries.join('/')} ms, ` +
        `caught up ${catchUpMs} ms after the last publish, ${log.length} entries, 0 duplicates`,
    );
  });
});
