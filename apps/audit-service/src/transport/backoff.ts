const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/** How long to wait before retry `attempt` (0 first): doubling from 100 ms, at most 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
