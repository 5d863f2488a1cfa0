import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEADLETTER_STREAM, eventSubject } from '@authtrail/contracts';
import { loggedIn, loggedOut, booted } from '../fixtures/auth-events';
import { seededRandom } from '../fixtures/event-history';
import { readLog } from '../harness/log-file';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const encoder = new TextEncoder();
type Mutation = { subject: string; data: Uint8Array };

async function heapMiB(stack: TestStack): Promise<number> {
  const stats = (await stack.request('audit.stats', {})).body.result as {
    memory: { heap_used_bytes: number };
  };
  return stats.memory.heap_used_bytes / 2 ** 20;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/** One random mutation of a fresh valid event (each has its own event_id). */
function mutate(random: () => number, i: number): Mutation {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const event: Record<string, unknown> = pick([
    () => loggedIn({ sessionId: `fz-${i}` }),
    () => loggedOut(`fz-${i}`),
    () => booted(),
  ])() as never;
  const subject = eventSubject(event.host as string, event.kind as string);
  const text = () => JSON.stringify(event);
  const kind = Math.floor(random() * 12);
  switch (kind) {
    case 0:
      return {
        subject,
        data: encoder.encode(text().slice(0, Math.floor(random() * text().length))),
      };
    case 1: {
      const key = pick(Object.keys(event));
      event[key] = pick([42, true, null, [], {}, 'x', -1.5]);
      return { subject, data: encoder.encode(text()) };
    }
    case 2:
      event.host = 'h'.repeat(1 + Math.floor(random() * 200_000));
      return { subject, data: encoder.encode(text()) };
    case 3: {
      const depth = 40 + Math.floor(random() * 20_000);
      const deep = `${'{"d":'.repeat(depth)}0${'}'.repeat(depth)}`;
      return { subject, data: encoder.encode(text().replace(/}$/, `,"nested":${deep}}`)) };
    }
    case 4: {
      const bytes = encoder.encode(text());
      bytes[Math.floor(random() * bytes.length)] = 0xff;
      return { subject, data: bytes };
    }
    case 5:
      return { subject, data: new Uint8Array(1024 * 1024).fill(0x7b) };
    case 6:
      event[`extra_${i}`] = { anything: [1, 2, 3] };
      return { subject, data: encoder.encode(text()) };
    case 7:
      return {
        subject: pick([
          'auth.events.x',
          'auth.events.a.b.c',
          `auth.events.other.${event.kind as string}`,
        ]),
        data: encoder.encode(text()),
      };
    case 8:
      return {
        subject,
        data: new Uint8Array(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
      };
    case 9:
      delete event[pick(Object.keys(event))];
      return { subject, data: encoder.encode(text()) };
    case 10:
      return { subject, data: encoder.encode(pick(['', 'null', '[]', '"str"', '1e999', '{}'])) };
    default:
      return { subject, data: encoder.encode(text()) };
  }
}

describe('ingest fuzz', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const config = join(tmpdir(), `authtrail-fuzz-${process.pid}.conf`);
    writeFileSync(config, 'max_payload: 4194304\n');
    stack = await TestStack.start({}, ['-c', config]);
  });

  afterAll(() => stack?.dispose());

  it('stores or dead-letters every one of 10,000 mutated events, and keeps its memory', async () => {
    const pid = stack.service.pid!;
    const before = rssMiB(pid);
    const heapBefore = await heapMiB(stack);
    const random = seededRandom(77);
    const js = stack.nc.jetstream();
    let published = 0;
    let last = 0;
    for (let i = 0; i < 10_000; i += 200) {
      const acks = await Promise.all(
        Array.from({ length: 200 }, (_, k) => {
          const { subject, data } = mutate(random, i + k);
          return js.publish(subject, data, { msgID: `fuzz-${i + k}` }).catch(() => undefined);
        }),
      );
      for (const ack of acks) {
        if (!ack) continue;
        published++;
        last = Math.max(last, ack.seq);
      }
    }
    const jsm = await stack.nc.jetstreamManager();
    const stored = await waitFor(
      'every published message to be stored or dead-lettered',
      async () => {
        const logged = readLog(stack.dbPath).length;
        const dead = (await jsm.streams.info(DEADLETTER_STREAM)).state.messages;
        return logged + dead === published ? { logged, dead } : undefined;
      },
      120_000,
      500,
    );
    expect(stored.logged).toBeGreaterThan(500);
    expect(stored.dead).toBeGreaterThan(5000);
    expect(stack.service.running).toBe(true);
    expect((await stack.sessions({ host: 'truenas' }, last)).body.error).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const after = rssMiB(pid);
    const heapAfter = await heapMiB(stack);
    console.log(
      `ingest fuzz: published ${published}, logged ${stored.logged}, dead letters ${stored.dead}, ` +
        `rss ${before.toFixed(0)} -> ${after.toFixed(0)} MiB, heap ${heapBefore.toFixed(0)} -> ${heapAfter.toFixed(0)} MiB`,
    );
    expect(heapAfter - heapBefore).toBeLessThan(64);
  });
});
