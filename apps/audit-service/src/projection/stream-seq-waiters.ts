interface Waiter {
  streamSeq: number;
  resolve: (reached: boolean) => void;
}

/**
 * The highest JetStream sequence handled (applied, duplicate or dead-lettered) and the
 * read-your-writes requests waiting for it.
 */
export class StreamSeqWaiters {
  private handled = 0;
  private waiters: Waiter[] = [];

  get value(): number {
    return this.handled;
  }

  /** Records that every stream message up to `streamSeq` has been handled. */
  reach(streamSeq: number): void {
    if (streamSeq <= this.handled) return;
    this.handled = streamSeq;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.streamSeq <= streamSeq) waiter.resolve(true);
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** Resolves true once `streamSeq` is handled, false after `timeoutMs`. */
  wait(streamSeq: number, timeoutMs: number): Promise<boolean> {
    if (streamSeq <= this.handled) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        streamSeq,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.push(waiter);
    });
  }
}
