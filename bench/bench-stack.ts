import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../test/harness/nats-server';
import { ServiceProcess } from '../test/harness/service-process';

/** What one scenario runs against: nothing in it is shared with another scenario or run. */
export interface BenchStack {
  /** A temporary directory, removed afterwards. */
  dir: string;
  /** The service's log file (in `dir`, not yet created). */
  db: string;
  nats: NatsServerHandle;
  /** A connection of the benchmark's own to `nats`. */
  nc: NatsConnection;
  /** The service on `nats` and `db`, not started: the scenario starts it when it is ready to. */
  service: ServiceProcess;
}

export interface BenchStackOptions {
  /** Added to the service's environment. */
  serviceEnv?: Record<string, string>;
  /** Node options before the service's script (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
}

/**
 * Runs `scenario` against a private nats-server, a temporary directory and a service process, and
 * takes them all down afterwards, whether it succeeded or not.
 */
export async function withBenchStack<T>(
  name: string,
  scenario: (stack: BenchStack) => Promise<T>,
  options: BenchStackOptions = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `authtrail-bench-${name}-`));
  const db = join(dir, 'log.db');
  const nats = await startNatsServer();
  const service = new ServiceProcess(
    { NATS_URL: nats.url, AUTHTRAIL_DB: db, LOG_LEVEL: 'info', ...options.serviceEnv },
    options.nodeArgs,
  );
  let nc: NatsConnection | undefined;
  try {
    nc = await connect({ servers: nats.url });
    return await scenario({ dir, db, nats, nc, service });
  } finally {
    await nc?.close();
    await stopWithin(service, 30_000);
    await nats.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SIGTERM, then SIGKILL when it has not ended within `ms` (a service stuck in one request). */
async function stopWithin(service: ServiceProcess, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const stopped = service.stop();
  if ((await Promise.race([stopped, late])) === 'late') await service.stop('SIGKILL');
  clearTimeout(timer);
}
