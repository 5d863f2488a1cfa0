/**
 * The event-loop time that queries may spend while ingest has events waiting: a budget that
 * fills at `share` of wall time (up to `burstMs`) and that each slice of a query spends. While
 * ingest waits, a slice starts only with the budget not below zero; while it does not, queries
 * run as they come and owe nothing. Pure: the times are given.
 */
export class QueryShare {
  private credit: number;
  private at: number;

  constructor(
    private readonly share: number,
    private readonly burstMs: number,
    now: number,
  ) {
    this.credit = burstMs;
    this.at = now;
  }

  /** A slice that took `ms` ended at `now`. */
  spend(ms: number, now: number): void {
    this.fill(now);
    this.credit -= ms;
  }

  /** How long (ms) the next slice waits from `now`: 0 when it may start. */
  wait(now: number, ingestWaiting: boolean): number {
    this.fill(now);
    if (!ingestWaiting) this.credit = Math.max(this.credit, 0);
    return this.credit >= 0 ? 0 : -this.credit / this.share;
  }

  private fill(now: number): void {
    this.credit = Math.min(this.burstMs, this.credit + (now - this.at) * this.share);
    this.at = now;
  }
}
