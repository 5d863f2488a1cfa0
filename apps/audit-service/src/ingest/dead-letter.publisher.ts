import { Inject, Injectable } from '@nestjs/common';
import { headers, type JetStreamClient, type NatsConnection } from 'nats';
import { deadLetterSubject, HOST_PATTERN } from '@authtrail/contracts';
import { NATS_CONNECTION } from '../nats/nats-connection';
import type { RawEventMessage } from '../transport/raw-event';

export interface DeadLetter {
  message: RawEventMessage;
  reasons: string[];
  host?: string;
}

export const DEAD_LETTER_HEADERS = {
  reasons: 'Authtrail-Reasons',
  subject: 'Authtrail-Subject',
  streamSeq: 'Authtrail-Stream-Seq',
} as const;

/**
 * Republishes rejected messages, raw bytes unchanged, to `auth.deadletter.<host or _>` with the
 * reasons in headers. The Nats-Msg-Id is derived from the source sequence so a retried batch
 * does not store a dead letter twice.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly js: JetStreamClient;

  constructor(@Inject(NATS_CONNECTION) connection: NatsConnection) {
    this.js = connection.jetstream();
  }

  async publish(stream: string, letters: readonly DeadLetter[]): Promise<void> {
    await Promise.all(
      letters.map(({ message, reasons, host }) => {
        const h = headers();
        h.set(DEAD_LETTER_HEADERS.reasons, JSON.stringify(reasons));
        h.set(DEAD_LETTER_HEADERS.subject, message.subject);
        h.set(DEAD_LETTER_HEADERS.streamSeq, String(message.streamSeq));
        const target = deadLetterSubject(host && HOST_PATTERN.test(host) ? host : undefined);
        return this.js.publish(target, message.data, {
          headers: h,
          msgID: `${stream}:${message.streamSeq}`,
        });
      }),
    );
  }
}
