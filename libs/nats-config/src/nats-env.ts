import { readFileSync } from 'node:fs';
import { jwtAuthenticator, nkeyAuthenticator, nkeys, type ConnectionOptions } from 'nats';

/** A configuration value that cannot be used; its message is the one line shown to the user. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

const URL_PATTERN = /^((nats|tls|ws|wss):\/\/)?[^\s/:,]+(:(\d{1,5}))?$/;
const MAX_PORT = 65_535;

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
    const match = URL_PATTERN.exec(server);
    if (!match) {
      throw new ConfigError(
        `NATS_URL: "${server}" is not a NATS server address (expected nats://host:port, several separated by commas)`,
      );
    }
    const port = match[4] === undefined ? undefined : Number(match[4]);
    if (port !== undefined && (port < 1 || port > MAX_PORT)) {
      throw new ConfigError(
        `NATS_URL: "${server}" has port ${match[4]}, not one from 1 to ${MAX_PORT}`,
      );
    }
  }
  return servers;
}

/** The part of the `nkeys` module (re-exported untyped by `nats`) used here. */
interface NKeyPair {
  getPublicKey(): string;
}
const nkeyApi = nkeys as { fromSeed(seed: Uint8Array): NKeyPair };

const NKEY_ROLES: Record<string, string> = {
  U: 'a user',
  A: 'an account',
  O: 'an operator',
  N: 'a server',
  C: 'a cluster',
  X: 'a curve (xkey)',
};

/** What NATS_CREDS holds: a `.creds` file (user JWT + seed) or a bare NKey user seed. */
export type NatsCredentials =
  | { kind: 'creds'; jwt: string; seed: Uint8Array; publicKey: string }
  | { kind: 'nkey'; seed: Uint8Array; publicKey: string };

/**
 * A `.creds` file as `nsc` writes it: blocks of the form `-----BEGIN ...-----`, one line of
 * content, `------END ...------` (the same shape `credsAuthenticator` of nats.js accepts).
 */
const CREDS_BLOCK = /-{3,}[^\n]*-{3,}\r?\n\s*(\S+)\s*\r?\n\s*-{3,}[^\n]*-{3,}/g;
const SEED_SHAPE = /^S[A-Z][A-Z2-7]+$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Checks an NKey seed (checksum, user prefix) without ever putting the seed in a message. */
function userSeed(seed: string, where: string): { seed: Uint8Array; publicKey: string } {
  const bytes = new TextEncoder().encode(seed);
  let publicKey: string;
  try {
    publicKey = nkeyApi.fromSeed(bytes).getPublicKey();
  } catch (error) {
    throw new ConfigError(`${where}: the NKey seed is not valid (${(error as Error).message})`);
  }
  if (!publicKey.startsWith('U')) {
    const role = NKEY_ROLES[publicKey[0]] ?? 'another kind of';
    throw new ConfigError(
      `${where}: holds the NKey seed of ${role} key, not of a user (a user seed starts with SU)`,
    );
  }
  return { seed: bytes, publicKey };
}

/**
 * Reads NATS_CREDS: a `.creds` file (a user JWT and its NKey seed, for a server in operator/JWT
 * mode) or a file holding just an NKey user seed (`SU...`, for a server that lists the user's
 * public key). Which one is decided by the content. Throws ConfigError (never quoting the seed).
 */
export function readNatsCredentials(path: string): NatsCredentials {
  const where = `NATS_CREDS=${path}`;
  const text = readable(path, 'NATS_CREDS').toString('utf8');
  const blocks = [...text.matchAll(CREDS_BLOCK)].map((match) => match[1]);
  if (blocks.length === 0) {
    const token = text.trim();
    if (SEED_SHAPE.test(token)) return { kind: 'nkey', ...userSeed(token, where) };
    throw new ConfigError(
      `${where}: neither a NATS .creds file (user JWT and seed) nor an NKey user seed (SU...)`,
    );
  }
  const jwt = blocks.find((block) => !SEED_SHAPE.test(block));
  const seed = blocks.find((block) => SEED_SHAPE.test(block));
  if (jwt === undefined) {
    // A seed in a BEGIN/END block with no JWT: an NKey seed file in the .creds style.
    return { kind: 'nkey', ...userSeed(seed as string, where) };
  }
  if (!JWT_SHAPE.test(jwt)) {
    throw new ConfigError(`${where}: the .creds file's user JWT is malformed`);
  }
  if (seed === undefined) {
    throw new ConfigError(`${where}: the .creds file has a user JWT but no NKey seed block`);
  }
  return { kind: 'creds', jwt, ...userSeed(seed, where) };
}

/**
 * Connection options from NATS_URL, NATS_CREDS, NATS_USER + NATS_PASS, NATS_TOKEN and
 * NATS_TLS_CA (contract §1). Throws ConfigError on a bad combination or unreadable file.
 *
 * TLS: NATS_TLS_CA (a PEM file) verifies the server's certificate against that CA; a `tls://`
 * address makes TLS required (the connection fails rather than fall back to plain text).
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
    const credentials = readNatsCredentials(env.NATS_CREDS);
    options.authenticator =
      credentials.kind === 'creds'
        ? jwtAuthenticator(credentials.jwt, credentials.seed)
        : nkeyAuthenticator(credentials.seed);
  }
  const servers = options.servers as string[];
  const tlsServers = servers.filter((server) => /^tls:\/\//i.test(server)).length;
  if (tlsServers > 0 && tlsServers < servers.length) {
    throw new ConfigError(
      'NATS_URL: mixes tls:// and plain addresses; TLS is per connection, so use tls:// for every server or for none',
    );
  }
  if (tlsServers > 0) options.tls = {};
  if (env.NATS_TLS_CA !== undefined) {
    const pem = readable(env.NATS_TLS_CA, 'NATS_TLS_CA').toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(
        `NATS_TLS_CA=${env.NATS_TLS_CA}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
      );
    }
    options.tls = { caFile: env.NATS_TLS_CA };
  }
  return options;
}
