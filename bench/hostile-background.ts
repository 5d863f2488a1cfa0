import { parentPort, workerData } from 'node:worker_threads';
import { connect, type PubAck } from 'nats';
import { eventSubject, Subjects } from '@authtrail/contracts';
import { benchLogin } from './seed-log';

/** What the hostile scenario's background worker is given. */
export interface BackgroundSettings {
  url: string;
  /** The host of the probe's count query. */
  probeHost: string;
  probeEveryMs: number;
  probeTimeoutMs: number;
  /** Events published per second on `publishHost` while it runs. */
  publishPerSecond: number;
  publishHost: string;
}

/** What it reports when told to stop. */
export interface BackgroundReport {
  /** Latency of each probe that was answered (ms), in order. */
  probe_ms: number[];
  probes_timed_out: number;
  /** Probes that got no answer for another reason (no responders while restarting, …). */
  probes_failed: number;
  published: number;
  publish_failed: number;
  /** The highest stream sequence JetStream acknowledged for a published event. */
  last_stream_seq: number;
  publish_seconds: number;
}

const TICK_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs in a worker thread of the hostile-query scenario, on its own event loop and connection, so
 * the battery's large requests and replies in the main thread neither delay nor inflate what it
 * measures: a cheap `auth.sessions` count every `probeEveryMs` (each sent on time whether the
 * previous one was answered or not), and logins of another host published at a steady rate.
 */
async function run(settings: BackgroundSettings): Promise<void> {
  const nc = await connect({ servers: settings.url });
  const js = nc.jetstream();
  const report: BackgroundReport = {
    probe_ms: [],
    probes_timed_out: 0,
    probes_failed: 0,
    published: 0,
    publish_failed: 0,
    last_stream_seq: 0,
    publish_seconds: 0,
  };
  let running = true;
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const probeBody = JSON.stringify({ host: settings.probeHost, options: { count: true } });

  const probe = async () => {
    const started = performance.now();
    try {
      await nc.request(Subjects.sessions, probeBody, { timeout: settings.probeTimeoutMs });
      report.probe_ms.push(performance.now() - started);
    } catch (error) {
      if ((error as { code?: string }).code === 'TIMEOUT') report.probes_timed_out += 1;
      else report.probes_failed += 1;
    }
  };
  const probing = (async () => {
    const started = performance.now();
    for (let n = 0; running; n++) {
      track(probe());
      const wait = started + (n + 1) * settings.probeEveryMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();

  const publishing = (async () => {
    const perTick = (settings.publishPerSecond * TICK_MS) / 1000;
    const started = performance.now();
    const first = Date.parse('2025-02-01T00:00:00Z');
    for (let tick = 0; running; tick++) {
      for (let j = 0; j < perTick; j++) {
        const event = benchLogin(tick * perTick + j, settings.publishHost, first);
        track(
          js
            .publish(eventSubject(event.host, event.kind), JSON.stringify(event), {
              msgID: event.event_id,
              timeout: 30_000,
            })
            .then(
              (ack: PubAck) => {
                report.published += 1;
                report.last_stream_seq = Math.max(report.last_stream_seq, ack.seq);
              },
              () => (report.publish_failed += 1),
            ),
        );
      }
      const wait = started + (tick + 1) * TICK_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
    report.publish_seconds = (performance.now() - started) / 1000;
  })();

  parentPort!.on('message', (request: string) => {
    if (request !== 'stop') return;
    running = false;
    void (async () => {
      await Promise.all([probing, publishing]);
      await Promise.all([...pending]);
      parentPort!.postMessage(report);
      await nc.close();
    })();
  });
  parentPort!.postMessage({ ready: true });
}

void run(workerData as BackgroundSettings);
