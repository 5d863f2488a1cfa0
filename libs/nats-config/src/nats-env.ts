import { readFileSync } from 'node:fs';
import { credsAuthenticator, type ConnectionOptions } from 'nats';

/** A configuration value that cannot be used; its message is the one line shown to the user. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

const URL_PATTERN = /^((nats|tls|ws|wss):\/\/)?[^\s/:,]+(:\d{1,5})?$/;

function readable(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(
      `${variable}=${path}: cannot read the file (${(error as Error).message})`,
    );
  }
}

/** The NATS server list of NATS_URL (comma-separated), validated. */
export function natsServers(env: Env): string[] {
  const raw = env.NATS_URL?.trim() || 'nats://127.0.0.1:4222';
  const servers = raw.split(',').map((part) => part.trim());
  for (const server of servers) {
    if (!URL_PATTERN.test(server)) {
      throw new ConfigError(
        `NATS_URL: "${server}" is not a NATS server address (expected nats://host:port, several separated by commas)`,
      );
    }
  }
  return servers;
}

/**
 * Connection options from NATS_URL, NATS_CREDS, NATS_USER + NATS_PASS, NATS_TOKEN and
 * NATS_TLS_CA (contract §1). Throws ConfigError on a bad combination or unreadable file.
 */
export function natsConnectionOptions(env: Env, name: string): ConnectionOptions {
  const options: ConnectionOptions = {
    servers: natsServers(env),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  };
  const user = env.NATS_USER;
  const pass = env.NATS_PASS;
  if ((user === undefined) !== (pass === undefined)) {
    throw new ConfigError('NATS_USER and NATS_PASS go together: set both or neither');
  }
  const methods = [env.NATS_CREDS, user, env.NATS_TOKEN].filter((v) => v !== undefined).length;
  if (methods > 1) {
    throw new ConfigError('set only one of NATS_CREDS, NATS_USER + NATS_PASS and NATS_TOKEN');
  }
  if (user !== undefined) {
    options.user = user;
    options.pass = pass;
  }
  if (env.NATS_TOKEN !== undefined) options.token = env.NATS_TOKEN;
  if (env.NATS_CREDS !== undefined) {
    const creds = readable(env.NATS_CREDS, 'NATS_CREDS');
    try {
      options.authenticator = credsAuthenticator(new Uint8Array(creds));
    } catch (error) {
      throw new ConfigError(`NATS_CREDS=${env.NATS_CREDS}: ${(error as Error).message}`);
    }
  }
  if (env.NATS_TLS_CA !== undefined) {
    readable(env.NATS_TLS_CA, 'NATS_TLS_CA');
    options.tls = { caFile: env.NATS_TLS_CA };
  }
  return options;
}
