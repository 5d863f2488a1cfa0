import { dirname, join, resolve } from 'node:path';
import type { ConnectionOptions } from 'nats';
import { CONSUMER_DEFAULT, SECRET_KEY_NAME, STREAM_DEFAULT } from '@authtrail/contracts';
import { ConfigError, natsConnectionOptions, type Env } from '@authtrail/nats-config';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '@authtrail/filter-list';
import type { LogLevel } from '@nestjs/common';
import type { DetectionConfig } from '@authtrail/detections';
import { loadDetectionConfig } from './detections-config';

/**
 * Where the service may take history the stream no longer holds: a peer's `audit.replay`
 * (`peer`), or nowhere (`off`: it refuses to start instead).
 */
export type BootstrapSource = 'peer' | 'off';

/** Everything the service reads from its environment, validated once at start. */
export interface ServiceConfig {
  nats: ConnectionOptions;
  dbPath: string;
  stream: string;
  consumer: string;
  /** Replicas of the streams the service creates (1 on a single server, 3 on a cluster). */
  streamReplicas: number;
  logLevels: LogLevel[];
  /** Most messages committed in one transaction. */
  batchSize: number;
  /** A projection snapshot is written after this many new entries. */
  snapshotEvery: number;
  bootstrap: BootstrapSource;
  /** Port of the HTTP health and metrics endpoints (and the console); none when unset. */
  httpPort?: number;
  /**
   * The address the HTTP server listens on (AUTHTRAIL_HTTP_HOST); undefined: every address,
   * except with the console on, where it is 127.0.0.1.
   */
  httpHost?: string;
  /** The web console (docs/console.md): on only when AUTHTRAIL_CONSOLE_TOKEN is set. */
  console?: ConsoleConfig;
  /**
   * credentials_data keys kept as they are besides REF §1.3's (matched exactly): every other
   * value is redacted before the log.
   */
  safeCredentialKeys: ReadonlySet<string>;
  /** What one query may ask (docs/operations.md, Query limits). */
  queryLimits: QueryLimits;
  /** The log's private note key, which signs its checkpoints (docs/operations.md, Signing keys). */
  signingKey: SigningKeyFile;
  /** A witness's private key (AUTHTRAIL_WITNESS_KEY_FILE), read and never created; or none. */
  witnessKeyFile?: string;
  /** How long a host's command handler may take to answer (AUTHTRAIL_TERMINATE_TIMEOUT_MS). */
  terminateTimeoutMs: number;
  /** One line per deprecated variable in use, for the log at start. */
  deprecations: string[];
  /** The detections' rules, thresholds and exemptions (docs/detections.md). */
  detections: DetectionConfig;
}

/**
 * AUTHTRAIL_SIGNING_KEY_FILE, which must exist; unset, `signing.key` beside the log, created at
 * the first start.
 */
export interface SigningKeyFile {
  file: string;
  createWhenMissing: boolean;
}

/** The read-only web console's settings (AUTHTRAIL_CONSOLE_*). */
export interface ConsoleConfig {
  /** The token a user signs in with. */
  token: string;
  /** How long a sign-in lasts (AUTHTRAIL_CONSOLE_SESSION_MINUTES). */
  sessionMs: number;
  /** Cookies marked Secure whatever the request says (AUTHTRAIL_CONSOLE_SECURE_COOKIE=on). */
  secureCookie: boolean;
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const LEVEL_ALIASES: Record<string, LogLevel> = { info: 'log', trace: 'verbose', warning: 'warn' };

function jetStreamName(env: Env, variable: string, fallback: string): string {
  const value = env[variable] ?? fallback;
  if (!NAME_PATTERN.test(value)) {
    throw new ConfigError(
      `${variable}: "${value}" is not a valid JetStream name (letters, digits, "_" and "-", at most 200)`,
    );
  }
  return value;
}

function logLevels(env: Env): LogLevel[] {
  const raw = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  const level = LEVEL_ALIASES[raw] ?? (LEVELS as string[]).find((l) => l === raw);
  if (!level) {
    throw new ConfigError(
      `LOG_LEVEL: "${env.LOG_LEVEL}" is not one of fatal, error, warn, info, debug, verbose`,
    );
  }
  return LEVELS.slice(0, LEVELS.indexOf(level as LogLevel) + 1);
}

function positiveInt(env: Env, variable: string, fallback: number, max: number): number {
  const raw = env[variable];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`${variable}: "${raw}" is not a whole number from 1 to ${max}`);
  }
  return value;
}

function bootstrapSource(env: Env): BootstrapSource {
  const raw = env.AUTHTRAIL_BOOTSTRAP ?? 'peer';
  if (raw !== 'peer' && raw !== 'off') {
    throw new ConfigError(`AUTHTRAIL_BOOTSTRAP: "${raw}" is not one of peer, off`);
  }
  return raw;
}

const SNAPSHOT_EVERY = 'AUTHTRAIL_SNAPSHOT_EVERY';
/** The name AUTHTRAIL_SNAPSHOT_EVERY had before (a checkpoint is now the log's signed tree head). */
const OLD_SNAPSHOT_EVERY = 'AUTHTRAIL_CHECKPOINT_EVERY';

/** Entries between projection snapshots: AUTHTRAIL_SNAPSHOT_EVERY, else its deprecated name. */
function snapshotEvery(env: Env): { value: number; deprecation?: string } {
  const read = (variable: string) => positiveInt(env, variable, 10_000, 10_000_000);
  if (env[OLD_SNAPSHOT_EVERY] === undefined) return { value: read(SNAPSHOT_EVERY) };
  const deprecated = `${OLD_SNAPSHOT_EVERY} is deprecated, use ${SNAPSHOT_EVERY}`;
  if (env[SNAPSHOT_EVERY] === undefined)
    return { value: read(OLD_SNAPSHOT_EVERY), deprecation: deprecated };
  return {
    value: read(SNAPSHOT_EVERY),
    deprecation: `${deprecated} (both are set: ${SNAPSHOT_EVERY} is used, ${OLD_SNAPSHOT_EVERY} ignored)`,
  };
}

const SAFE_KEY = /^[A-Za-z0-9_$-]{1,64}$/;
const OBJECT_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * AUTHTRAIL_SAFE_CREDENTIAL_KEYS: comma-separated keys of ASCII letters, digits, `_`, `-` and
 * `$` (so that no look-alike or invisible character is declared by mistake), none named like a
 * secret (the contract redacts those whatever the operator says).
 */
function safeCredentialKeys(env: Env): ReadonlySet<string> {
  const variable = 'AUTHTRAIL_SAFE_CREDENTIAL_KEYS';
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return new Set();
  const keys = raw.split(',').map((key) => key.trim());
  for (const key of keys) {
    if (!SAFE_KEY.test(key)) {
      throw new ConfigError(
        `${variable}: ${JSON.stringify(key)} is not a key of 1-64 ASCII letters, digits, "_", "-" or "$"`,
      );
    }
    if (SECRET_KEY_NAME.test(key) || OBJECT_KEYS.includes(key)) {
      throw new ConfigError(
        `${variable}: "${key}" cannot be declared safe (named like a secret, or an object key)`,
      );
    }
  }
  return new Set(keys);
}

/** The environment variable of each query limit, and the largest value it accepts. */
export const QUERY_LIMIT_VARIABLES: Record<keyof QueryLimits, [string, number]> = {
  maxDepth: ['AUTHTRAIL_QUERY_MAX_DEPTH', 1_000],
  maxConditions: ['AUTHTRAIL_QUERY_MAX_CONDITIONS', 100_000],
  maxPatternLength: ['AUTHTRAIL_QUERY_MAX_PATTERN_LENGTH', 100_000],
  maxRegexSize: ['AUTHTRAIL_QUERY_MAX_REGEX_SIZE', 1_000_000],
  maxStringLength: ['AUTHTRAIL_QUERY_MAX_STRING_LENGTH', 16 * 1024 * 1024],
  maxListLength: ['AUTHTRAIL_QUERY_MAX_LIST_LENGTH', 1_000_000],
  maxOrderBy: ['AUTHTRAIL_QUERY_MAX_ORDER_BY', 10_000],
  maxSelect: ['AUTHTRAIL_QUERY_MAX_SELECT', 10_000],
  maxPathDepth: ['AUTHTRAIL_QUERY_MAX_PATH_DEPTH', 1_000],
  maxRequestBytes: ['AUTHTRAIL_QUERY_MAX_REQUEST_BYTES', 64 * 1024 * 1024],
};

/** The query limits: each the default unless its variable is set (a whole number in range). */
export function queryLimits(env: Env): QueryLimits {
  const limits: Record<string, number> = {};
  for (const [name, [variable, max]] of Object.entries(QUERY_LIMIT_VARIABLES)) {
    limits[name] = positiveInt(env, variable, DEFAULT_QUERY_LIMITS[name as keyof QueryLimits], max);
  }
  return limits as unknown as QueryLimits;
}

/** The absolute path a file variable names; undefined when it is unset or blank. */
function optionalFile(env: Env, variable: string): string | undefined {
  const raw = env[variable]?.trim();
  return raw ? resolve(raw) : undefined;
}

/** Where the log's signing key is: AUTHTRAIL_SIGNING_KEY_FILE, or `signing.key` beside the log. */
function signingKeyFile(env: Env, dbPath: string): SigningKeyFile {
  const file = optionalFile(env, 'AUTHTRAIL_SIGNING_KEY_FILE');
  return file === undefined
    ? { file: join(dirname(dbPath), 'signing.key'), createWhenMissing: true }
    : { file, createWhenMissing: false };
}

/** The shortest console token accepted: a guessable one would open the whole audit log. */
export const CONSOLE_TOKEN_MIN_LENGTH = 16;

/** AUTHTRAIL_CONSOLE_TOKEN and its companions; undefined (the console off) when it is unset. */
function consoleConfig(env: Env): ConsoleConfig | undefined {
  const token = env.AUTHTRAIL_CONSOLE_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < CONSOLE_TOKEN_MIN_LENGTH || /\s/.test(token)) {
    throw new ConfigError(
      `AUTHTRAIL_CONSOLE_TOKEN: at least ${CONSOLE_TOKEN_MIN_LENGTH} characters without spaces (e.g. openssl rand -hex 24)`,
    );
  }
  const secure = env.AUTHTRAIL_CONSOLE_SECURE_COOKIE ?? 'off';
  if (secure !== 'on' && secure !== 'off') {
    throw new ConfigError(`AUTHTRAIL_CONSOLE_SECURE_COOKIE: "${secure}" is not one of on, off`);
  }
  return {
    token,
    sessionMs: positiveInt(env, 'AUTHTRAIL_CONSOLE_SESSION_MINUTES', 480, 10_080) * 60_000,
    secureCookie: secure === 'on',
  };
}

const HOST_ADDRESS = /^[A-Za-z0-9.:_-]{1,253}$/;

/** AUTHTRAIL_HTTP_HOST: an address or name to listen on; unset: see ServiceConfig.httpHost. */
function httpHost(env: Env, consoleOn: boolean): string | undefined {
  const raw = env.AUTHTRAIL_HTTP_HOST?.trim();
  if (raw === undefined || raw === '') return consoleOn ? '127.0.0.1' : undefined;
  if (!HOST_ADDRESS.test(raw)) {
    throw new ConfigError(`AUTHTRAIL_HTTP_HOST: "${raw}" is not an address or host name`);
  }
  return raw;
}

/** Reads and validates the service's environment; throws ConfigError with a one-line message. */
export function loadServiceConfig(env: Env): ServiceConfig {
  const dbPath = resolve(env.AUTHTRAIL_DB?.trim() || './data/authtrail.db');
  const snapshots = snapshotEvery(env);
  const consoleSettings = consoleConfig(env);
  if (consoleSettings && env.AUTHTRAIL_HTTP_PORT === undefined) {
    throw new ConfigError(
      'AUTHTRAIL_CONSOLE_TOKEN is set but AUTHTRAIL_HTTP_PORT is not: the console is served on that port',
    );
  }
  return {
    nats: natsConnectionOptions(env, 'authtrail-service'),
    dbPath,
    stream: jetStreamName(env, 'AUTHTRAIL_STREAM', STREAM_DEFAULT),
    consumer: jetStreamName(env, 'AUTHTRAIL_CONSUMER', CONSUMER_DEFAULT),
    streamReplicas: positiveInt(env, 'AUTHTRAIL_STREAM_REPLICAS', 1, 5),
    logLevels: logLevels(env),
    batchSize: positiveInt(env, 'AUTHTRAIL_BATCH_SIZE', 500, 10_000),
    snapshotEvery: snapshots.value,
    bootstrap: bootstrapSource(env),
    httpPort:
      env.AUTHTRAIL_HTTP_PORT === undefined
        ? undefined
        : positiveInt(env, 'AUTHTRAIL_HTTP_PORT', 0, 65_535),
    httpHost: httpHost(env, consoleSettings !== undefined),
    console: consoleSettings,
    safeCredentialKeys: safeCredentialKeys(env),
    queryLimits: queryLimits(env),
    signingKey: signingKeyFile(env, dbPath),
    witnessKeyFile: optionalFile(env, 'AUTHTRAIL_WITNESS_KEY_FILE'),
    terminateTimeoutMs: positiveInt(env, 'AUTHTRAIL_TERMINATE_TIMEOUT_MS', 5_000, 600_000),
    deprecations: snapshots.deprecation ? [snapshots.deprecation] : [],
    detections: loadDetectionConfig(env),
  };
}
