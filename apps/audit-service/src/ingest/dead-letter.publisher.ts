import { Inject, Injectable } from '@nestjs/common';
import { headers, type JetStreamClient, type NatsConnection } from 'nats';
import {
  DEAD_LETTER_HEADERS,
  deadLetterSubject,
  HOST_PATTERN,
  MAX_EVENT_BYTES,
} from '@authtrail/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { NATS_CONNECTION } from '../nats/nats-connection';
import type { RawEventMessage } from '../transport/raw-event';
import { deadLetterBody } from './dead-letter-body';

export interface DeadLetter {
  message: RawEventMessage;
  reasons: string[];
  host?: string;
}

/** Room left in a message for the headers and the JSON around the payload. */
const ENVELOPE_BYTES = 8 * 1024;

/**
 * Publishes a dead letter per refused message to `auth.deadletter.<host or _>`: a JSON body
 * (deadLetterBody: no secret, no raw bytes) and the reasons, subject and stream sequence in
 * headers. The Nats-Msg-Id is derived from the source sequence so a retried batch does not store
 * a dead letter twice.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly js: JetStreamClient;
  private readonly encoder = new TextEncoder();

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.js = connection.jetstream();
  }

  async publish(stream: string, letters: readonly DeadLetter[]): Promise<void> {
    // A redacted copy can be larger than the original (short values become "<redacted>"), so
    // only payloads well within the server's message size are copied.
    const maxPayload = this.connection.info?.max_payload ?? 1024 * 1024;
    const maxCopy = Math.min(MAX_EVENT_BYTES, Math.floor((maxPayload - ENVELOPE_BYTES) / 4));
    await Promise.all(
      letters.map(({ message, reasons, host }) => {
        const h = headers();
        h.set(DEAD_LETTER_HEADERS.reasons, JSON.stringify(reasons));
        h.set(DEAD_LETTER_HEADERS.subject, message.subject);
        h.set(DEAD_LETTER_HEADERS.streamSeq, String(message.streamSeq));
        const target = deadLetterSubject(host && HOST_PATTERN.test(host) ? host : undefined);
        const body = deadLetterBody(stream, message, reasons, {
          maxCopy,
          safeCredentialKeys: this.config.safeCredentialKeys,
        });
        return this.js.publish(target, this.encoder.encode(JSON.stringify(body)), {
          headers: h,
          msgID: `${stream}:${message.streamSeq}`,
        });
      }),
    );
  }
}
