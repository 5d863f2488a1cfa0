import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServer, type NatsServerHandle } from './nats-server';

/** A private nats-server started from a configuration text (users, permissions, TLS). */
export interface ConfiguredNatsServer {
  nats: NatsServerHandle;
  /** A temporary folder for this server's config, log, keys and the service's database. */
  dir: string;
  configFile: string;
  /** `nats://127.0.0.1:<port>`, or `tls://...` when started with `tls: true`. */
  url: string;
  /** The server's log so far. */
  log(): string;
  /** The server's "Publish Violation" / "Subscription Violation" lines so far. */
  violations(): string[];
  dispose(): Promise<void>;
}

/**
 * Writes `config` (see nats-auth-config.ts) to a file in a fresh temporary folder and starts
 * `nats-server -js -c <file>` on a free port, logging to a file the test can read.
 */
export async function startConfiguredNats(
  config: string | ((dir: string) => string),
  options: { tls?: boolean; dir?: string } = {},
): Promise<ConfiguredNatsServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'authtrail-nats-auth-'));
  const configFile = join(dir, 'nats-server.conf');
  writeFileSync(configFile, typeof config === 'string' ? config : config(dir), { mode: 0o600 });
  const logFile = join(dir, 'nats-server.log');
  const nats = await startNatsServer(['-c', configFile, '-l', logFile]);
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    nats,
    dir,
    configFile,
    url: `${options.tls ? 'tls' : 'nats'}://127.0.0.1:${nats.port}`,
    log,
    violations: () =>
      log()
        .split('\n')
        .filter((line) => /Violation/.test(line) && !/Authorization Violation/.test(line)),
    dispose: async () => {
      await nats.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
