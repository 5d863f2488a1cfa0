import { createServer } from 'node:net';
import { ConfigError } from '@authtrail/nats-config';

/**
 * Refuses a health/metrics port another process listens on, before anything else starts, with
 * one line naming AUTHTRAIL_HTTP_PORT (the HTTP server binds it the same way: on `host`, or on
 * every address).
 */
export function assertPortFree(port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const cause =
        error.code === 'EADDRINUSE'
          ? 'the port is already in use by another process'
          : error.code === 'EACCES'
            ? 'this user may not listen on that port'
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `AUTHTRAIL_HTTP_HOST=${host}: no such address on this machine`
              : (error.code ?? error.message);
      reject(new ConfigError(`AUTHTRAIL_HTTP_PORT=${port}: ${cause}`));
    });
    const free = () => probe.close(() => resolve());
    if (host === undefined) probe.listen(port, free);
    else probe.listen(port, host, free);
  });
}
