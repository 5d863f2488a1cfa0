/** How a publish is retried (same bytes, same Nats-Msg-Id, so JetStream stores it once). */
export interface RetryOptions {
  /** Most attempts per event; default: as many as fit in `deadlineMs`. 1 turns retries off. */
  attempts?: number;
  /** How long one attempt waits for JetStream's acknowledgement, in ms (default 5,000). */
  timeoutMs?: number;
  /** Time for one event, all attempts and waits included, in ms (default 30,000). */
  deadlineMs?: number;
  /** Wait before the first retry, in ms, doubling after each (default 100). */
  retryDelayMs?: number;
  /** Longest wait between two attempts, in ms (default 5,000). */
  maxRetryDelayMs?: number;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = {
  attempts: Number.POSITIVE_INFINITY,
  timeoutMs: 5_000,
  deadlineMs: 30_000,
  retryDelayMs: 100,
  maxRetryDelayMs: 5_000,
};

/** The options with their defaults filled in; throws RangeError on a value that cannot work. */
export function retryPolicy(options: RetryOptions = {}): Required<RetryOptions> {
  const policy = { ...RETRY_DEFAULTS };
  for (const key of Object.keys(RETRY_DEFAULTS) as (keyof RetryOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value < (key === 'attempts' ? 1 : 0)) {
      throw new RangeError(`${key}: ${String(value)} is not a usable number`);
    }
    policy[key] = value;
  }
  return policy;
}

/**
 * Error codes of the `nats` client that another attempt can cure: no acknowledgement in time,
 * a lost connection, and 503 (no stream answered: a JetStream cluster electing a stream leader,
 * a server restarting, or the stream not created yet). Anything else (permissions,
 * authorisation, a closed connection, a rejected message) fails at once.
 */
const RETRYABLE_CODES = new Set([
  'TIMEOUT',
  '408',
  '503',
  'DISCONNECT',
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
]);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * The wait before retry number `retry` (1 for the first): retryDelayMs doubling, capped at
 * maxRetryDelayMs, spread by ±20 % so that many publishers do not retry in step.
 */
export function retryDelay(
  retry: number,
  policy: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** (retry - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
