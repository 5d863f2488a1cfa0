import { Injectable } from '@nestjs/common';

/**
 * Whether events are waiting for ingest: the transport says how many (delivered and not yet
 * taken, or still held by the server for its consumer), queries read it to give ingest its turn
 * (QueryTurns).
 */
@Injectable()
export class IngestBacklog {
  private size: () => number = () => 0;

  /** The transport's count of messages that no batch has taken yet. */
  watch(size: () => number): void {
    this.size = size;
  }

  get waiting(): boolean {
    return this.size() > 0;
  }
}
