import { createServer } from 'node:net';
import { ConfigError } from '@authtrail/nats-config';

/**
 * Refuses a health/metrics port another process listens on, before anything else starts, with
 * one line naming AUTHTRAIL_HTTP_PORT (the HTTP server binds it the same way, on every address).
 */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const cause =
        error.code === 'EADDRINUSE'
          ? 'the port is already in use by another process'
          : error.code === 'EACCES'
            ? 'this user may not listen on that port'
            : (error.code ?? error.message);
      reject(new ConfigError(`AUTHTRAIL_HTTP_PORT=${port}: ${cause}`));
    });
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
