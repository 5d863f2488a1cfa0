/** Refused at once: the gate already holds as many requests as it may. */
export class GateBusyError extends Error {
  override readonly name = 'GateBusyError';
}

/**
 * At most `active` holders at once, and `queued` waiting behind them; beyond that `enter` refuses
 * at once, so heavy work never piles up in memory.
 */
export class HeavyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly what: string,
    private readonly active: number,
    private readonly queued: number,
  ) {}

  get inFlight(): number {
    return this.running + this.waiting.length;
  }

  /** Resolves with the release function once the caller may run. */
  async enter(): Promise<() => void> {
    if (this.running >= this.active) {
      if (this.waiting.length >= this.queued) {
        throw new GateBusyError(
          `the service is busy with ${this.inFlight} ${this.what} ` +
            `(at most ${this.active + this.queued} at once): retry later`,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
