import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NewLogEntry } from '@authtrail/contracts';
import { EntriesRefusedError } from '@authtrail/event-log';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { DetectionsProjection } from '../detections/detections.projection';
import { EVENT_LOG, type EventLog } from '../log/event-log.provider';
import { SessionsProjection } from '../projection/sessions.projection';
import { IngestStatus } from '../status/ingest-status';
import { CheckpointSigner } from '../transparency/checkpoint-signer';
import type { RawEventMessage } from '../transport/raw-event';
import { AppendedNotifier } from './appended.notifier';
import { DeadLetterPublisher, type DeadLetter } from './dead-letter.publisher';
import { SessionsChangedNotifier } from './sessions-changed.notifier';
import { validateEvent } from './validate-event';

export interface BatchOutcome {
  appended: number;
  duplicates: number;
  deadLetters: number;
}

/**
 * Validates a batch, dead-letters the invalid messages, then commits the valid events together
 * with the ingest position (the batch's highest stream sequence) in one transaction. The
 * transport acknowledges the batch only after this resolves, so a crash at any point re-handles
 * the whole batch: a dead letter published again has the same Nats-Msg-Id, an entry written
 * again is a duplicate, and nothing between is lost. An entry the log refuses for its content
 * (a value the schema cannot hold, an event_id logged before with another event) is dead-lettered
 * in turn and the rest committed: no message can hold the stream.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly projection: SessionsProjection,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly appendedNotifier: AppendedNotifier,
    private readonly changedNotifier: SessionsChangedNotifier,
    private readonly status: IngestStatus,
    private readonly checkpoints: CheckpointSigner,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly detections: DetectionsProjection,
  ) {}

  async ingest(stream: string, batch: readonly RawEventMessage[]): Promise<BatchOutcome> {
    const started = performance.now();
    const accepted: NewLogEntry[] = [];
    /** The message of each accepted entry, for its dead letter should the log refuse it. */
    const sources: RawEventMessage[] = [];
    const rejected: DeadLetter[] = [];
    const options = { safeCredentialKeys: this.config.safeCredentialKeys };
    for (const message of batch) {
      const checked = validateEvent(message.subject, message.data, options);
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
      sources.push(message);
    }
    const handledThrough = batch.reduce((max, m) => Math.max(max, m.streamSeq), 0);
    // Dead letters are stored before the position passes them: once the position says a
    // message was handled, its dead letter exists.
    if (rejected.length > 0) await this.deadLetters.publish(stream, rejected);
    const { appended, texts, duplicates } = await this.commitOrSetAside(
      stream,
      accepted,
      sources,
      handledThrough,
      rejected,
    );
    // The projection releases the read-your-writes waiters of this batch here; they resume in a
    // later microtask, after this synchronous run has published the notifications below.
    const changes = this.projection.applyBatch(appended, handledThrough);
    this.appendedNotifier.publish(appended, texts);
    this.changedNotifier.publish(changes);
    // After the entries' own notifications: an alert comes after the entries that made it.
    this.detections.apply(appended);
    for (const letter of rejected) {
      this.logger.warn(
        `dead-lettered stream seq ${letter.message.streamSeq} (${letter.message.subject}): ${letter.reasons.join('; ')}`,
      );
    }
    this.status.batch({
      size: batch.length,
      seconds: (performance.now() - started) / 1000,
      appended,
      deadLetters: rejected.length,
      duplicates: duplicates.length,
    });
    return {
      appended: appended.length,
      duplicates: duplicates.length,
      deadLetters: rejected.length,
    };
  }

  /**
   * Commits the entries; when the log refuses some for their content, dead-letters those (before
   * the position passes them), adds them to `rejected` and commits the others. Any other failure
   * is thrown: the transport retries the batch in place.
   */
  private async commitOrSetAside(
    stream: string,
    entries: NewLogEntry[],
    sources: RawEventMessage[],
    handledThrough: number,
    rejected: DeadLetter[],
  ) {
    for (;;) {
      // A large projection snapshot being written on its own thread has SQLite's write lock:
      // waiting here keeps the commit from waiting for it on the event loop.
      await this.projection.writerIdle();
      try {
        return this.commit(entries, handledThrough);
      } catch (error) {
        if (!(error instanceof EntriesRefusedError)) throw error;
        const refused = new Map(error.refused.map((r) => [r.index, r.reason]));
        const letters: DeadLetter[] = [];
        for (const [index, reason] of refused) {
          letters.push({ message: sources[index], reasons: [reason], host: entries[index].host });
        }
        await this.deadLetters.publish(stream, letters);
        rejected.push(...letters);
        entries = entries.filter((_, index) => !refused.has(index));
        sources = sources.filter((_, index) => !refused.has(index));
      }
    }
  }

  private commit(accepted: NewLogEntry[], handledThrough: number) {
    try {
      const result = this.log.append(accepted, handledThrough);
      this.status.committed();
      if (result.appended.length > 0) this.checkpoints.committed();
      return result;
    } catch (error) {
      if (!(error instanceof EntriesRefusedError)) this.status.failed(error as Error); // a failing log
      throw error;
    }
  }
}
