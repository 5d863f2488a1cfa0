import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { eventSubject } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { withBenchStack, type BenchStack } from './bench-stack';
import { history } from './workload';
import { percentile } from './stats';

const encoder = new TextEncoder();
const TICK_MS = 10;
const wallNow = () => performance.timeOrigin + performance.now();

export interface LiveRound {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  events: number;
  publishes_retried: number;
}

/** A worker thread that notes the arrival of each appended notification (appended-observer). */
class Observer {
  private readonly worker: Worker;
  constructor(url: string) {
    this.worker = new Worker(join(__dirname, 'appended-observer.js'), { workerData: { url } });
  }
  private ask<T>(request?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const answered = (answer: T) => {
        this.worker.off('error', reject);
        resolve(answer);
      };
      this.worker.once('message', answered);
      this.worker.once('error', reject);
      if (request) this.worker.postMessage(request);
    });
  }
  ready(): Promise<unknown> {
    return this.ask();
  }
  async count(): Promise<number> {
    return (await this.ask<{ count: number }>('count')).count;
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
  async collect(): Promise<Map<string, number>> {
    const { ids, times } = await this.ask<{ ids: string[]; times: number[] }>('collect');
    return new Map(ids.map((id, i) => [id, times[i]]));
  }
}

/**
 * Publishers at a steady rate for `seconds`, after `warmupSeconds` at the same rate that are not
 * counted (start-up, JIT and the first pull requests are not what a running service shows).
 * Latency is from the publish call to the arrival of the event's `audit.log.appended`
 * notification, noted by a worker thread so the publishing loop cannot delay it.
 */
export function liveLatency(
  perSecond: number,
  seconds: number,
  warmupSeconds: number,
  serviceEnv: Record<string, string> = {},
): Promise<LiveRound> {
  return withBenchStack(
    'live',
    (stack) => publishAndObserve(stack, perSecond, seconds, warmupSeconds),
    { serviceEnv },
  );
}

async function publishAndObserve(
  { nats, nc, service }: BenchStack,
  perSecond: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LiveRound> {
  const observer = new Observer(nats.url);
  try {
    await Promise.all([service.start(), observer.ready()]);
    const js = nc.jetstream();
    const publisher = new EventPublisher(nc);
    const retries: Promise<unknown>[] = [];
    let retried = 0;
    const events = history(perSecond * (warmupSeconds + seconds));
    const payloads = events.map((event) => encoder.encode(JSON.stringify(event)));
    const counted = perSecond * warmupSeconds;
    const sent = new Float64Array(events.length);
    const perTick = (perSecond * TICK_MS) / 1000;
    const started = performance.now();
    for (let i = 0; i < events.length; i += perTick) {
      const wait = started + (i / perTick) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      for (let j = i; j < Math.min(i + perTick, events.length); j++) {
        const event = events[j];
        sent[j] = wallNow();
        // A publish that times out is sent again with the SDK's retries (same Nats-Msg-Id); its
        // latency still counts from the first send.
        js.publish(eventSubject(event.host, event.kind), payloads[j], {
          msgID: event.event_id,
        }).catch(() => {
          retried += 1;
          retries.push(publisher.publish(event));
        });
      }
    }
    await Promise.all(retries);
    const deadline = Date.now() + 30_000;
    while ((await observer.count()) < events.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const seen = await observer.collect();
    const latencies: number[] = [];
    for (let j = counted; j < events.length; j++) {
      const at = seen.get(events[j].event_id);
      if (at === undefined)
        throw new Error(`event ${j} (${events[j].event_id}) never became visible`);
      latencies.push(at - sent[j]);
    }
    return {
      p50_ms: Number(percentile(latencies, 50).toFixed(2)),
      p99_ms: Number(percentile(latencies, 99).toFixed(2)),
      max_ms: Number(latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(2)),
      events: latencies.length,
      publishes_retried: retried,
    };
  } finally {
    await observer.close();
  }
}
