import { Injectable } from '@nestjs/common';

/** How long after a query started ingest still keeps its batches short (ms). */
export const QUERIES_RECENT_MS = 1_000;

/**
 * What asks for the event loop besides the task in hand: events waiting for ingest (the
 * transport says how many, delivered and not yet taken or still held by the server for its
 * consumer) and queries (QueryTurns says when one starts). Queries give ingest its turn while
 * events wait; ingest keeps its batches short while queries come (IngestLoop).
 */
@Injectable()
export class LoopDemand {
  private backlog: () => number = () => 0;
  private lastQueryAt = Number.NEGATIVE_INFINITY;

  /** The transport's count of messages that no batch has taken yet. */
  watchBacklog(size: () => number): void {
    this.backlog = size;
  }

  get ingestWaiting(): boolean {
    return this.backlog() > 0;
  }

  /** A query started. */
  queried(): void {
    this.lastQueryAt = performance.now();
  }

  /** Whether a query started in the last QUERIES_RECENT_MS. */
  get queriesRecently(): boolean {
    return performance.now() - this.lastQueryAt < QUERIES_RECENT_MS;
  }
}
