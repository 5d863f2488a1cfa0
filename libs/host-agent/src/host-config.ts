import { HOST_PATTERN } from '@authtrail/contracts';

/** The host side's settings file: read by `authtrail pam` and `authtrail agent`. */
export const DEFAULT_CONFIG_FILE = '/etc/authtrail/host.env';

/** Every key the settings file may hold; anything else is a mistake worth a message. */
export const CONFIG_KEYS = [
  'NATS_URL',
  'NATS_CREDS',
  'NATS_USER',
  'NATS_PASS',
  'NATS_TOKEN',
  'NATS_TLS_CA',
  'AUTHTRAIL_HOST',
  'AUTHTRAIL_SPOOL_DIR',
  'AUTHTRAIL_STATE_DIR',
  'AUTHTRAIL_BOOT_ID_FILE',
  'AUTHTRAIL_PAM_TIMEOUT_MS',
  'AUTHTRAIL_AGENT_INTERVAL_MS',
  'AUTHTRAIL_TERMINATE_GRACE_MS',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type ConfigValues = Partial<Record<ConfigKey, string>>;

export const HOST_DEFAULTS = {
  AUTHTRAIL_SPOOL_DIR: '/var/spool/authtrail',
  AUTHTRAIL_STATE_DIR: '/run/authtrail',
  AUTHTRAIL_BOOT_ID_FILE: '/proc/sys/kernel/random/boot_id',
  AUTHTRAIL_PAM_TIMEOUT_MS: '2000',
  AUTHTRAIL_AGENT_INTERVAL_MS: '10000',
  AUTHTRAIL_TERMINATE_GRACE_MS: '5000',
} as const;

/** What `authtrail pam` and `authtrail agent` run with. */
export interface HostSettings {
  host: string;
  /** NATS_* as natsConnectionOptions reads them. */
  natsEnv: Record<string, string>;
  spoolDir: string;
  stateDir: string;
  bootIdFile: string;
  pamTimeoutMs: number;
  agentIntervalMs: number;
  terminateGraceMs: number;
}

const unquote = (value: string) =>
  /^(["']).*\1$/.test(value) && value.length >= 2 ? value.slice(1, -1) : value;

/**
 * A settings file: `KEY=value` lines (a value may be quoted), blank lines and `#` comments. An
 * unknown key, a line without `=` or a key given twice is a problem naming its line.
 */
export function parseConfigText(
  text: string,
  name: string,
): { values: ConfigValues } | { problems: string[] } {
  const values: ConfigValues = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = `${name}:${index + 1}`;
    const equals = line.indexOf('=');
    if (equals <= 0) {
      problems.push(`${at}: not KEY=value`);
      return;
    }
    const key = line.slice(0, equals).trim();
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      problems.push(`${at}: unknown key ${JSON.stringify(key)} (known: ${CONFIG_KEYS.join(', ')})`);
      return;
    }
    if (values[key as ConfigKey] !== undefined) {
      problems.push(`${at}: ${key} is given twice`);
      return;
    }
    values[key as ConfigKey] = unquote(line.slice(equals + 1).trim());
  });
  return problems.length > 0 ? { problems } : { values };
}

function milliseconds(key: ConfigKey, value: string, problems: string[]): number {
  const ms = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(ms >= 1)) problems.push(`${key}: ${JSON.stringify(value)} is not a number of milliseconds`);
  return ms;
}

/**
 * The settings from the file's values with the command line's over them (`overrides`), the
 * defaults under both; `defaultHost` (the machine's short name) when neither names the host.
 */
export function resolveHostSettings(
  file: ConfigValues,
  overrides: ConfigValues,
  defaultHost: string,
): HostSettings | { problems: string[] } {
  const values: ConfigValues = { ...HOST_DEFAULTS, ...file };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) values[key as ConfigKey] = value;
  }
  const problems: string[] = [];
  const host = values.AUTHTRAIL_HOST ?? defaultHost;
  if (!HOST_PATTERN.test(host)) {
    problems.push(`host ${JSON.stringify(host)}: 1-64 of [A-Za-z0-9_-] (AUTHTRAIL_HOST or --host)`);
  }
  const natsEnv: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = values[key];
    if (key.startsWith('NATS_') && value !== undefined && value !== '') natsEnv[key] = value;
  }
  const settings: HostSettings = {
    host,
    natsEnv,
    spoolDir: values.AUTHTRAIL_SPOOL_DIR as string,
    stateDir: values.AUTHTRAIL_STATE_DIR as string,
    bootIdFile: values.AUTHTRAIL_BOOT_ID_FILE as string,
    pamTimeoutMs: milliseconds(
      'AUTHTRAIL_PAM_TIMEOUT_MS',
      values.AUTHTRAIL_PAM_TIMEOUT_MS!,
      problems,
    ),
    agentIntervalMs: milliseconds(
      'AUTHTRAIL_AGENT_INTERVAL_MS',
      values.AUTHTRAIL_AGENT_INTERVAL_MS!,
      problems,
    ),
    terminateGraceMs: milliseconds(
      'AUTHTRAIL_TERMINATE_GRACE_MS',
      values.AUTHTRAIL_TERMINATE_GRACE_MS!,
      problems,
    ),
  };
  for (const [key, path] of [
    ['AUTHTRAIL_SPOOL_DIR', settings.spoolDir],
    ['AUTHTRAIL_STATE_DIR', settings.stateDir],
    ['AUTHTRAIL_BOOT_ID_FILE', settings.bootIdFile],
  ]) {
    if (!path.startsWith('/'))
      problems.push(`${key}: ${JSON.stringify(path)} is not an absolute path`);
  }
  return problems.length > 0 ? { problems } : settings;
}
