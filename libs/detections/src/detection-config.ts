import { ALERT_RULES, type AlertRule } from '@authtrail/contracts';

/** One rule's settings: N failures (or usernames, addresses) within W, or off. */
export interface RuleConfig {
  enabled: boolean;
  /** N, K or M of docs/detections.md; unused by `new_origin`. */
  threshold: number;
  /** W in milliseconds: the window, and how long an alert stays open after its last entry. */
  windowMs: number;
}

/** What the fold detects and what it leaves alone. */
export interface DetectionConfig {
  rules: Record<AlertRule, RuleConfig>;
  /** Hosts whose entries no rule looks at. */
  exemptHosts: readonly string[];
  /** Usernames whose failures and logins no rule looks at (a monitoring account). */
  exemptUsernames: readonly string[];
  /** Closed alerts kept (the oldest forgotten first); open ones are always kept. */
  alertsKept: number;
}

/** fail2ban's defaults (jail.conf: maxretry = 5, findtime = 10m) for every counting rule. */
const DEFAULT_RULE: RuleConfig = { enabled: true, threshold: 5, windowMs: 10 * 60_000 };

export const DEFAULT_DETECTION_CONFIG: DetectionConfig = {
  rules: {
    brute_force: DEFAULT_RULE,
    spraying: DEFAULT_RULE,
    distributed: DEFAULT_RULE,
    break_in: DEFAULT_RULE,
    new_origin: { ...DEFAULT_RULE, enabled: false, threshold: 1 },
  },
  exemptHosts: [],
  exemptUsernames: [],
  alertsKept: 100_000,
};

/** The largest threshold, window (s) and number of closed alerts kept a setting may ask for. */
export const DETECTION_LIMITS = {
  threshold: 1_000_000,
  windowSeconds: 7 * 24 * 60 * 60,
  alertsKept: 10_000_000,
  exemptions: 10_000,
} as const;

/** A setting that cannot be used: its message is one line naming the setting. */
export class DetectionConfigError extends Error {
  override readonly name = 'DetectionConfigError';
}

/** True when any rule is on: with none, the fold is not run at all. */
export function anyRuleEnabled(config: DetectionConfig): boolean {
  return ALERT_RULES.some((rule) => config.rules[rule].enabled);
}

/**
 * The text that says which configuration a detection state was folded with: a snapshot folded
 * with another is not continued (docs/detections.md, Restarts).
 */
export function configFingerprint(config: DetectionConfig): string {
  return JSON.stringify({
    rules: ALERT_RULES.map((rule) => {
      const { enabled, threshold, windowMs } = config.rules[rule];
      return [rule, enabled, threshold, windowMs];
    }),
    exemptHosts: [...config.exemptHosts].sort(),
    exemptUsernames: [...config.exemptUsernames].sort(),
    alertsKept: config.alertsKept,
  });
}
