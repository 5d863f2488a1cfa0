import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NewLogEntry } from '@authtrail/contracts';
import { EVENT_LOG, type EventLog } from '../log/event-log.provider';
import { SessionsProjection } from '../projection/sessions.projection';
import type { RawEventMessage } from '../transport/raw-event';
import { MetricsService } from '../ops/metrics.service';
import { AppendedNotifier } from './appended.notifier';
import { DeadLetterPublisher, type DeadLetter } from './dead-letter.publisher';
import { validateEvent } from './validate-event';

export interface BatchOutcome {
  appended: number;
  duplicates: number;
  deadLetters: number;
}

export interface IngestHealth {
  failing: boolean;
  since?: string;
  lastError?: string;
}

/**
 * Validates a batch, dead-letters the invalid messages, then commits the valid events together
 * with the ingest position (the batch's highest stream sequence) in one transaction. The
 * transport acknowledges the batch only after this resolves, so a crash at any point re-handles
 * the whole batch: a dead letter published again has the same Nats-Msg-Id, an entry written
 * again is a duplicate, and nothing between is lost.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  /** Whether the last batch failed to commit (the transport retries it in place). */
  readonly health: IngestHealth = { failing: false };

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly projection: SessionsProjection,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly appendedNotifier: AppendedNotifier,
    private readonly metrics: MetricsService,
  ) {}

  async ingest(stream: string, batch: readonly RawEventMessage[]): Promise<BatchOutcome> {
    const started = performance.now();
    const accepted: NewLogEntry[] = [];
    const rejected: DeadLetter[] = [];
    for (const message of batch) {
      const checked = validateEvent(message.subject, message.data);
      if (!checked.ok) {
        rejected.push({ message, reasons: checked.reasons, host: checked.host });
        continue;
      }
      const { event, redacted } = checked;
      accepted.push({
        event_id: event.event_id,
        kind: event.kind,
        host: event.host,
        boot_id: event.boot_id,
        occurred_at: event.occurred_at,
        recorded_at: message.storedAt.toISOString(),
        event,
        stream_seq: message.streamSeq,
        redacted,
      });
    }
    const handledThrough = batch.reduce((max, m) => Math.max(max, m.streamSeq), 0);
    // Dead letters are stored before the position passes them: once the position says a
    // message was handled, its dead letter exists.
    if (rejected.length > 0) await this.deadLetters.publish(stream, rejected);
    const { appended, texts, duplicates } = this.commit(accepted, handledThrough);
    this.projection.apply(appended);
    this.appendedNotifier.publish(appended, texts);
    for (const letter of rejected) {
      this.logger.warn(
        `dead-lettered stream seq ${letter.message.streamSeq} (${letter.message.subject}): ${letter.reasons.join('; ')}`,
      );
    }
    this.projection.handled.reach(handledThrough);
    this.metrics.batch(
      batch.length,
      (performance.now() - started) / 1000,
      appended,
      rejected.length,
    );
    return {
      appended: appended.length,
      duplicates: duplicates.length,
      deadLetters: rejected.length,
    };
  }

  private commit(accepted: NewLogEntry[], handledThrough: number) {
    try {
      const result = this.log.append(accepted, handledThrough);
      if (this.health.failing) {
        Object.assign(this.health, { failing: false, since: undefined, lastError: undefined });
      }
      return result;
    } catch (error) {
      if (!this.health.failing) this.health.since = new Date().toISOString();
      this.health.failing = true;
      this.health.lastError = (error as Error).message;
      throw error;
    }
  }
}
