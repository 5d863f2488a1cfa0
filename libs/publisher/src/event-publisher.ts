import type { JetStreamClient, NatsConnection } from 'nats';
import { eventSubject } from '@authtrail/contracts';
import { PublishFailedError } from './publish-failed.error';
import { isRetryable, retryDelay, retryPolicy, type RetryOptions } from './retry-policy';

/** What JetStream said about one publish; `seq` is what `after_seq` waits for. */
export interface PublishReceipt {
  eventId: string;
  /** The stream sequence holding the event (the earlier one when it was a duplicate). */
  seq: number;
  /**
   * JetStream already held this event id: an earlier publish of it, or an earlier attempt of
   * this one whose acknowledgement was lost.
   */
  duplicate: boolean;
}

/** The fields publishing needs; anything else in the object is sent as it is. */
export interface PublishableEvent {
  event_id: string;
  host: string;
  kind: string;
}

export type EventPublisherOptions = RetryOptions;

const encoder = new TextEncoder();
/** The shortest attempt worth making before the deadline, in ms. */
const LAST_ATTEMPT_MS = 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes events to `auth.events.<host>.<kind>` with Nats-Msg-Id = event_id, as given (no
 * validation: AuthtrailPublisher is the checked, typed way in). A timeout, a lost connection or a
 * 503 is retried with the same bytes and id, with backoff, until the deadline.
 */
export class EventPublisher {
  private readonly js: JetStreamClient;
  private readonly policy: Required<RetryOptions>;

  constructor(connection: NatsConnection, options: EventPublisherOptions = {}) {
    this.js = connection.jetstream();
    this.policy = retryPolicy(options);
  }

  async publish(event: PublishableEvent): Promise<PublishReceipt> {
    return this.publishRaw(
      eventSubject(event.host, event.kind),
      encoder.encode(JSON.stringify(event)),
      event.event_id,
    );
  }

  /** Publishes bytes as they are (for tools and tests that must send what they are given). */
  async publishRaw(subject: string, data: Uint8Array, eventId: string): Promise<PublishReceipt> {
    const started = Date.now();
    const deadline = started + this.policy.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const timeout = Math.max(1, Math.min(this.policy.timeoutMs, deadline - Date.now()));
        const ack = await this.js.publish(subject, data, { msgID: eventId, timeout });
        return { eventId, seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        if (!isRetryable(error)) throw error;
        const remaining = deadline - Date.now();
        if (attempt >= this.policy.attempts || remaining <= LAST_ATTEMPT_MS) {
          throw new PublishFailedError(eventId, subject, attempt, Date.now() - started, error);
        }
        // The last wait is cut short so that one more attempt fits before the deadline.
        await sleep(Math.min(retryDelay(attempt, this.policy), remaining - LAST_ATTEMPT_MS));
      }
    }
  }

  /**
   * Publishes with up to `window` acknowledgements outstanding; the receipts come back in the
   * order of `events`. The stream keeps that order unless an event is retried: a retried event
   * lands after those sent behind it (pass window 1 when order across events matters).
   */
  async publishAll(
    events: readonly PublishableEvent[],
    window = 256,
    onProgress?: (done: number) => void,
  ): Promise<PublishReceipt[]> {
    const receipts: PublishReceipt[] = new Array(events.length);
    let next = 0;
    let done = 0;
    let failed = false;
    const worker = async () => {
      while (next < events.length && !failed) {
        const index = next++;
        try {
          receipts[index] = await this.publish(events[index]);
        } catch (error) {
          failed = true;
          throw error;
        }
        onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, events.length) }, worker));
    return receipts;
  }
}
