import { Injectable } from '@nestjs/common';

/** Whether ingest commits: what readiness and `audit.stats` report. */
export interface IngestHealth {
  failing: boolean;
  /** When the batches began to fail (ISO 8601). */
  since?: string;
  lastError?: string;
}

/** The figures of one handled batch. */
export interface BatchFigures {
  /** Messages in the batch. */
  size: number;
  /** Time to validate and commit it. */
  seconds: number;
  /** The entries it appended. */
  appended: readonly { kind: string }[];
  deadLetters: number;
  /** Repeats of logged events, not stored again. */
  duplicates: number;
}

type BatchListener = (figures: BatchFigures) => void;

/**
 * The state of ingest as the rest of the service sees it. Ingest writes it; readiness, stats and
 * metrics read it or listen to it, so the read side depends on this record, not on the write path.
 */
@Injectable()
export class IngestStatus {
  private current: IngestHealth = { failing: false };
  private readonly listeners: BatchListener[] = [];

  get health(): Readonly<IngestHealth> {
    return this.current;
  }

  /** A batch committed: ingest is healthy again. */
  committed(): void {
    if (this.current.failing) this.current = { failing: false };
  }

  /** A batch failed to commit (the transport retries it in place); `since` stays the first. */
  failed(error: Error, at: Date = new Date()): void {
    this.current = {
      failing: true,
      since: this.current.since ?? at.toISOString(),
      lastError: error.message,
    };
  }

  /** Calls `listener` with the figures of every batch handled from now on. */
  onBatch(listener: BatchListener): void {
    this.listeners.push(listener);
  }

  /** Reports a handled batch to the listeners, at once. */
  batch(figures: BatchFigures): void {
    for (const listener of this.listeners) listener(figures);
  }
}
