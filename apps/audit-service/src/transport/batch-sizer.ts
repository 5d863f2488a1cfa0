/** Wall time a batch should take at most, so that the event loop turns between batches (ms). */
export const BATCH_TARGET_MS = 15;
/**
 * The fewest messages a batch is cut to, however slow they are: each commit writes the pages it
 * changed to the write-ahead log again, so tiny batches multiply what is written.
 */
export const MIN_BATCH = 100;
/** Weight of the newest batch in the time per message (an exponential moving average). */
const WEIGHT = 0.3;

/**
 * How many messages the next batch takes: as many as fit in BATCH_TARGET_MS at the time per
 * message of the batches before (between MIN_BATCH and `most`). A batch runs on the event loop
 * in one go, so its length is how long a query or an ack waits behind it: code not yet optimised
 * at start, or a projection of a million sessions, would otherwise hold the loop for a full
 * batch of slow messages. Pure: the times are given.
 */
export class BatchSizer {
  private msPerMessage?: number;

  constructor(private readonly most: number) {}

  get size(): number {
    if (this.msPerMessage === undefined) return this.most;
    const fit = Math.floor(BATCH_TARGET_MS / this.msPerMessage);
    return Math.max(Math.min(fit, this.most), Math.min(MIN_BATCH, this.most));
  }

  /** A batch of `messages` took `ms`. */
  took(messages: number, ms: number): void {
    if (messages <= 0) return;
    const each = Math.max(ms, 0) / messages;
    this.msPerMessage =
      this.msPerMessage === undefined
        ? each
        : this.msPerMessage + WEIGHT * (each - this.msPerMessage);
  }
}
