const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it gives a value, every `pollMs`, until `deadline` (a Date.now() time):
 * the value, or undefined when the deadline passed first. An attempt is always made once.
 */
export async function pollUntil<T>(
  deadline: number,
  pollMs: number,
  attempt: () => Promise<T | undefined>,
): Promise<T | undefined> {
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(pollMs, left));
  }
}
