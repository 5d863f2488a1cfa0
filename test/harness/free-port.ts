import { createServer } from 'node:net';

/** Ports this process handed out: a port freed a moment ago may come back from the OS at once. */
const given = new Set<number>();

/** A port the OS gives for listen(0) on 127.0.0.1, closed again. */
function onePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago and was not handed out before by this
 * process: a test that asks for two (a nats-server's and the service's HTTP port) never gets the
 * same one twice.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await onePort();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
}
