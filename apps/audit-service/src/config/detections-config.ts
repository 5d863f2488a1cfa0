import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { ALERT_RULES } from '@authtrail/contracts';
import {
  applyDetectionSettings,
  DEFAULT_DETECTION_CONFIG,
  DetectionConfigError,
  type DetectionConfig,
} from '@authtrail/detections';
import { ConfigError, type Env } from '@authtrail/nats-config';

const FILE_VARIABLE = 'AUTHTRAIL_DETECTIONS_FILE';
/** A settings file larger than this is refused (it holds a few thresholds and names). */
const MAX_FILE_BYTES = 1024 * 1024;

/** Each environment variable of the detections and the setting it gives (docs/detections.md). */
const ENV_SETTINGS: readonly [variable: string, path: string][] = [
  ['AUTHTRAIL_DETECTIONS', 'enabled'],
  ...ALERT_RULES.flatMap((rule): [string, string][] => {
    const prefix = `AUTHTRAIL_DETECT_${rule.toUpperCase()}`;
    return [
      [prefix, `rules.${rule}.enabled`],
      [`${prefix}_THRESHOLD`, `rules.${rule}.threshold`],
      [`${prefix}_WINDOW`, `rules.${rule}.window_seconds`],
    ];
  }),
  ['AUTHTRAIL_DETECT_EXEMPT_HOSTS', 'exempt.hosts'],
  ['AUTHTRAIL_DETECT_EXEMPT_USERNAMES', 'exempt.usernames'],
  ['AUTHTRAIL_ALERTS_KEPT', 'alerts_kept'],
];

/** The settings object the environment's variables make (only those that are set). */
function envSettings(env: Env): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [variable, path] of ENV_SETTINGS) {
    const value = env[variable];
    if (value === undefined) continue;
    const keys = path.split('.');
    let at = settings;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1]] = value;
  }
  return settings;
}

const variableOf = (path: string) =>
  ENV_SETTINGS.find(([, setting]) => setting === path)?.[0] ?? path;

/** The settings a JSON (`.json`) or YAML (`.yaml`, `.yml`) file holds. */
function readSettingsFile(file: string): unknown {
  const where = `${FILE_VARIABLE}: ${file}`;
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES)
      throw new ConfigError(`${where} is larger than ${MAX_FILE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${where} cannot be read: ${(error as Error).message}`);
  }
  const type = extname(file).toLowerCase();
  try {
    if (type === '.json') return JSON.parse(text) as unknown;
    if (type === '.yaml' || type === '.yml') return load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new ConfigError(`${where} is not valid ${type === '.json' ? 'JSON' : 'YAML'}: ${reason}`);
  }
  throw new ConfigError(`${where} must be a .json, .yaml or .yml file`);
}

/**
 * The detections' configuration: the defaults, then the settings file's, then the environment's
 * variables (each wins over what comes before it). A bad value is a ConfigError of one line.
 */
export function loadDetectionConfig(env: Env): DetectionConfig {
  try {
    let config = DEFAULT_DETECTION_CONFIG;
    const file = env[FILE_VARIABLE]?.trim();
    if (file) {
      const settings = readSettingsFile(file);
      config = applyDetectionSettings(
        config,
        settings ?? {},
        (path) => `${FILE_VARIABLE}: ${file}: ${path || 'the file'}`,
      );
    }
    return applyDetectionSettings(config, envSettings(env), variableOf);
  } catch (error) {
    if (error instanceof DetectionConfigError) throw new ConfigError(error.message);
    throw error;
  }
}
