import { parentPort, workerData } from 'node:worker_threads';
import { connect } from 'nats';
import { APPENDED_WILDCARD } from '@authtrail/contracts';

/**
 * Runs in a worker thread of the live-latency scenario: it only notes when each
 * `audit.log.appended` notification arrives, on its own event loop and heap, so the publisher's
 * work and garbage collection in the main thread do not delay (and inflate) what is measured.
 * Times are wall-clock milliseconds (timeOrigin + now), comparable with the main thread's.
 */
async function observe(url: string): Promise<void> {
  const nc = await connect({ servers: url });
  const ids: string[] = [];
  const times: number[] = [];
  nc.subscribe(APPENDED_WILDCARD, {
    callback: (_error, msg) => {
      const at = performance.timeOrigin + performance.now();
      const id = /"event_id":"([^"]+)"/.exec(msg.string())?.[1];
      if (id) {
        ids.push(id);
        times.push(at);
      }
    },
  });
  await nc.flush();
  parentPort!.on('message', (request: string) => {
    if (request === 'count') parentPort!.postMessage({ count: ids.length });
    if (request === 'collect') {
      parentPort!.postMessage({ ids, times });
      void nc.close();
    }
  });
  parentPort!.postMessage({ ready: true });
}

void observe((workerData as { url: string }).url);
