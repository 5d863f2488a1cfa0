/** What the buffer needs of a delivered message: how many more the server says are pending. */
export interface PendingInfo {
  info: { pending: number };
}

/** At most this long a batch waits to fill while a backlog arrives. */
export const GATHER_MS = 20;
/** Pending messages that make a backlog worth waiting for; below it a batch commits at once. */
export const BACKLOG = 64;

/**
 * Whether a batch should wait for more before it commits: while the last message says a backlog
 * is still pending, the batch is not full and the wait has time left. Pure.
 */
export function worthGathering(
  buffered: readonly PendingInfo[],
  batchSize: number,
  now: number,
  deadline: number,
): boolean {
  return (
    buffered.length < batchSize && (buffered.at(-1)?.info.pending ?? 0) >= BACKLOG && now < deadline
  );
}

/**
 * The messages the consumer delivered and no batch has taken yet, and the one wait for more of
 * them (an idle loop, or a batch gathering): a delivery or a stop ends it.
 */
export class DeliveryBuffer<M extends PendingInfo> {
  private readonly messages: M[] = [];
  private wake?: () => void;
  /** What the newest delivery said the server still holds for the consumer beyond it. */
  private pendingOnServer = 0;

  get size(): number {
    return this.messages.length;
  }

  /** Messages waiting for a batch: those here and those the server said it still holds. */
  get backlog(): number {
    return this.messages.length + this.pendingOnServer;
  }

  /** A delivery: buffered, and the wait (if any) ends. */
  push(message: M): void {
    this.messages.push(message);
    this.pendingOnServer = message.info.pending;
    this.wake?.();
  }

  /** Ends the wait (if any) without a delivery: the loop is stopping. */
  wakeUp(): void {
    this.wake?.();
  }

  /** Settles at the next delivery or wake-up. */
  async waitForMore(): Promise<void> {
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }

  /**
   * While the server says a backlog is pending, give it a moment (at most GATHER_MS) to arrive,
   * so a backlog commits in full batches; live traffic commits at once.
   */
  async gather(batchSize: number, running: () => boolean): Promise<void> {
    const deadline = performance.now() + GATHER_MS;
    while (running() && worthGathering(this.messages, batchSize, performance.now(), deadline)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** The oldest `count` messages, taken out. */
  take(count: number): M[] {
    return this.messages.splice(0, count);
  }

  /** A batch that did not commit, back in front for the next attempt. */
  putBack(batch: readonly M[]): void {
    this.messages.unshift(...batch);
  }

  /** Every message, taken out. */
  drain(): M[] {
    return this.messages.splice(0);
  }
}
