import { parentPort, workerData } from 'node:worker_threads';
import { connect, type Msg } from 'nats';
import { ERROR_CODE_HEADER, Subjects } from '@authtrail/contracts';

/** What the flood scenario's background worker is given. */
export interface FloodSettings {
  url: string;
  /** The flood's `auth.sessions` request, sent `floodPerSecond` times a second (0: no flood). */
  floodBody: string;
  floodPerSecond: number;
  floodTimeoutMs: number;
  /** The cheap `auth.sessions` request, sent every `probeEveryMs`. */
  probeBody: string;
  probeEveryMs: number;
  probeTimeoutMs: number;
  /** Probes sent this long after the start are counted apart (`warmup`), as the live bench's. */
  probeWarmupMs: number;
}

/** Answers to one kind of request while it ran. */
export interface RequestTally {
  sent: number;
  /** Round trip of each request answered without an error (ms), in order. */
  ms: number[];
  /** Answered with an error (a 503 of a busy service, …): codes and how many. */
  errors: Record<string, number>;
  timed_out: number;
  /** No answer for another reason (no responders, …). */
  failed: number;
  /** Sent and not yet answered when the worker was told to stop. */
  outstanding: number;
}

/** What it reports when told to stop. */
export interface FloodReport {
  flood: RequestTally;
  probe: RequestTally;
  /** The probes of the first `probeWarmupMs` (code the service had not run yet). */
  warmup: RequestTally;
  /** From the start to the stop, s. */
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tally = (): RequestTally => ({
  sent: 0,
  ms: [],
  errors: {},
  timed_out: 0,
  failed: 0,
  outstanding: 0,
});

/** The error code of a reply, or undefined for a result. */
function errorCode(msg: Msg): string | undefined {
  const header = msg.headers?.get(ERROR_CODE_HEADER);
  if (header) return header;
  return msg.data[0] === 0x7b && msg.string().startsWith('{"error"') ? 'error' : undefined;
}

/**
 * Runs in a worker thread of the flood scenario, on its own event loop and connection, so that
 * neither the benchmark's main thread nor the flood's own replies delay what it measures. Once
 * told to start: the flood's request `floodPerSecond` times a second and the probe every
 * `probeEveryMs`, each sent on time whether the ones before were answered or not. Told to stop, it
 * sends no more, waits for the probes in flight (not for the flood) and reports.
 */
async function run(settings: FloodSettings): Promise<void> {
  const nc = await connect({ servers: settings.url });
  const report: FloodReport = { flood: tally(), probe: tally(), warmup: tally(), seconds: 0 };
  let running = false;
  const probesInFlight = new Set<Promise<void>>();

  const send = async (body: string, timeoutMs: number, into: RequestTally) => {
    into.sent += 1;
    into.outstanding += 1;
    const started = performance.now();
    try {
      const reply = await nc.request(Subjects.sessions, body, { timeout: timeoutMs });
      const code = errorCode(reply);
      if (code === undefined) into.ms.push(performance.now() - started);
      else into.errors[code] = (into.errors[code] ?? 0) + 1;
    } catch (error) {
      if ((error as { code?: string }).code === 'TIMEOUT') into.timed_out += 1;
      else into.failed += 1;
    } finally {
      into.outstanding -= 1;
    }
  };

  /** Calls `each` every `everyMs` from now while running. */
  const every = async (everyMs: number, each: () => void) => {
    const started = performance.now();
    for (let n = 0; running; n++) {
      each();
      const wait = started + (n + 1) * everyMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
  };

  let loops: Promise<unknown> = Promise.resolve();
  let startedAt = 0;
  parentPort!.on('message', (request: string) => {
    if (request === 'start') {
      running = true;
      startedAt = performance.now();
      const probing = every(settings.probeEveryMs, () => {
        const warm = performance.now() - startedAt >= settings.probeWarmupMs;
        const into = warm ? report.probe : report.warmup;
        const probe = send(settings.probeBody, settings.probeTimeoutMs, into);
        probesInFlight.add(probe);
        void probe.finally(() => probesInFlight.delete(probe));
      });
      const flooding =
        settings.floodPerSecond > 0
          ? every(1000 / settings.floodPerSecond, () => {
              void send(settings.floodBody, settings.floodTimeoutMs, report.flood);
            })
          : Promise.resolve();
      loops = Promise.all([probing, flooding]);
    }
    if (request === 'stop') {
      running = false;
      report.seconds = (performance.now() - startedAt) / 1000;
      void (async () => {
        await loops;
        await Promise.all([...probesInFlight]);
        // A copy: the flood's late answers may still change the live one.
        parentPort!.postMessage(JSON.parse(JSON.stringify(report)) as FloodReport);
        await nc.close();
      })();
    }
  });
  parentPort!.postMessage({ ready: true });
}

void run(workerData as FloodSettings);
