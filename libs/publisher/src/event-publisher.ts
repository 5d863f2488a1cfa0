import type { JetStreamClient, NatsConnection } from 'nats';
import { eventSubject } from '@authtrail/contracts';

/** What JetStream said about one publish; `seq` is what `after_seq` waits for. */
export interface PublishReceipt {
  eventId: string;
  seq: number;
  duplicate: boolean;
}

/** The fields publishing needs; anything else in the object is sent as it is. */
export interface PublishableEvent {
  event_id: string;
  host: string;
  kind: string;
}

export interface EventPublisherOptions {
  /** Attempts per event on a timeout or lost connection (same Nats-Msg-Id each time). */
  attempts?: number;
  timeoutMs?: number;
}

const encoder = new TextEncoder();

/** Errors that another attempt cannot cure: permissions, authorisation, a closed connection. */
function isPermanent(error: unknown): boolean {
  const e = error as {
    isPermissionError?: () => boolean;
    isAuthError?: () => boolean;
    code?: string;
  };
  return Boolean(e.isPermissionError?.() || e.isAuthError?.() || e.code === 'CONNECTION_CLOSED');
}

/** Publishes events to `auth.events.<host>.<kind>` with Nats-Msg-Id = event_id. */
export class EventPublisher {
  private readonly js: JetStreamClient;

  constructor(
    connection: NatsConnection,
    private readonly options: EventPublisherOptions = {},
  ) {
    this.js = connection.jetstream();
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
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = await this.js.publish(subject, data, {
          msgID: eventId,
          timeout: this.options.timeoutMs ?? 5_000,
        });
        return { eventId, seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        if (attempt >= attempts || isPermanent(error)) throw error;
      }
    }
  }

  /** Publishes in order with up to `window` acknowledgements outstanding. */
  async publishAll(
    events: readonly PublishableEvent[],
    window = 256,
    onProgress?: (done: number) => void,
  ): Promise<PublishReceipt[]> {
    const receipts: PublishReceipt[] = new Array(events.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < events.length) {
        const index = next++;
        receipts[index] = await this.publish(events[index]);
        onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, events.length) }, worker));
    return receipts;
  }
}
