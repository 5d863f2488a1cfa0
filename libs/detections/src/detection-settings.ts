import { ALERT_RULES, type AlertRule } from '@authtrail/contracts';
import {
  DETECTION_LIMITS,
  DetectionConfigError,
  type DetectionConfig,
  type RuleConfig,
} from './detection-config';

/** How a setting is named in messages: a file's path to it, or an environment variable. */
export type SettingName = (path: string) => string;

type Settings = Record<string, unknown>;

const isObject = (value: unknown): value is Settings =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SWITCHES: Record<string, boolean> = { on: true, true: true, off: false, false: false };

function fail(name: SettingName, path: string, value: unknown, expected: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? '');
  throw new DetectionConfigError(`${name(path)}: ${shown.slice(0, 80)} is not ${expected}`);
}

function readSwitch(name: SettingName, path: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const known = typeof value === 'string' ? SWITCHES[value.trim().toLowerCase()] : undefined;
  return known ?? fail(name, path, value, 'on, off, true or false');
}

function readWhole(name: SettingName, path: string, value: unknown, max: number): number {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  const whole = Number.isInteger(number) && number >= 1 && number <= max;
  const blank = typeof value === 'string' && value.trim() === '';
  return whole && !blank ? number : fail(name, path, value, `a whole number from 1 to ${max}`);
}

/** A list of names: a list of strings, or one string of comma-separated names. */
function readNames(name: SettingName, path: string, value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
  const names = Array.isArray(list) ? list.filter((item) => item !== '') : undefined;
  const ok =
    names !== undefined &&
    names.length <= DETECTION_LIMITS.exemptions &&
    names.every((item) => typeof item === 'string' && item.length <= 256);
  return ok
    ? (names as string[])
    : fail(name, path, value, `a list of at most ${DETECTION_LIMITS.exemptions} names`);
}

function checkKeys(name: SettingName, path: string, value: unknown, allowed: string[]): Settings {
  if (!isObject(value)) return fail(name, path, value, 'an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path === '' ? key : `${path}.${key}`;
      throw new DetectionConfigError(
        `${name(where)}: unknown setting (known here: ${allowed.join(', ')})`,
      );
    }
  }
  return value;
}

const defined = (settings: Settings, key: string) => settings[key] !== undefined;

function readRule(
  name: SettingName,
  rule: AlertRule,
  base: RuleConfig,
  value: unknown,
): RuleConfig {
  const path = `rules.${rule}`;
  const keys =
    rule === 'new_origin'
      ? ['enabled', 'window_seconds']
      : ['enabled', 'threshold', 'window_seconds'];
  const settings = checkKeys(name, path, value, keys);
  const next = { ...base };
  if (defined(settings, 'enabled'))
    next.enabled = readSwitch(name, `${path}.enabled`, settings.enabled);
  if (defined(settings, 'threshold')) {
    const max = DETECTION_LIMITS.threshold;
    next.threshold = readWhole(name, `${path}.threshold`, settings.threshold, max);
  }
  if (defined(settings, 'window_seconds')) {
    const max = DETECTION_LIMITS.windowSeconds;
    next.windowMs = 1000 * readWhole(name, `${path}.window_seconds`, settings.window_seconds, max);
  }
  return next;
}

/**
 * `base` with the settings of `value` applied: a file's object or the one the environment makes,
 * of this shape (every member optional):
 *
 *   { enabled, rules: { <rule>: { enabled, threshold, window_seconds } },
 *     exempt: { hosts, usernames }, alerts_kept }
 *
 * Throws DetectionConfigError naming the first bad setting; `enabled: off` turns every rule off.
 */
export function applyDetectionSettings(
  base: DetectionConfig,
  value: unknown,
  name: SettingName,
): DetectionConfig {
  const settings = checkKeys(name, '', value, ['enabled', 'rules', 'exempt', 'alerts_kept']);
  const config: DetectionConfig = { ...base, rules: { ...base.rules } };
  if (defined(settings, 'rules')) {
    const rules = checkKeys(name, 'rules', settings.rules, [...ALERT_RULES]);
    for (const rule of ALERT_RULES) {
      if (defined(rules, rule))
        config.rules[rule] = readRule(name, rule, config.rules[rule], rules[rule]);
    }
  }
  if (defined(settings, 'exempt')) {
    const exempt = checkKeys(name, 'exempt', settings.exempt, ['hosts', 'usernames']);
    if (defined(exempt, 'hosts'))
      config.exemptHosts = readNames(name, 'exempt.hosts', exempt.hosts);
    if (defined(exempt, 'usernames'))
      config.exemptUsernames = readNames(name, 'exempt.usernames', exempt.usernames);
  }
  if (defined(settings, 'alerts_kept')) {
    const max = DETECTION_LIMITS.alertsKept;
    config.alertsKept = readWhole(name, 'alerts_kept', settings.alerts_kept, max);
  }
  if (defined(settings, 'enabled') && !readSwitch(name, 'enabled', settings.enabled)) {
    for (const rule of ALERT_RULES) config.rules[rule] = { ...config.rules[rule], enabled: false };
  }
  return config;
}
