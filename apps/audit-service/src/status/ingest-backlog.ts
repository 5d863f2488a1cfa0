import { Injectable } from '@nestjs/common';

/**
 * Whether events wait for ingest: the transport says how many, delivered and not yet taken or
 * still held by the server for its consumer. Queries give ingest its turn while events wait
 * (QueryTurns).
 */
@Injectable()
export class IngestBacklog {
  private backlog: () => number = () => 0;

  /** The transport's count of messages that no batch has taken yet. */
  watchBacklog(size: () => number): void {
    this.backlog = size;
  }

  get ingestWaiting(): boolean {
    return this.backlog() > 0;
  }
}
