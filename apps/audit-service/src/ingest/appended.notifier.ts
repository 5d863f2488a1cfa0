import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { appendedSubject, type LogEntry } from '@authtrail/contracts';
import { NATS_CONNECTION } from '../nats/nats-connection';

/**
 * Publishes each committed entry on `audit.log.appended.<host>.<kind>` (core NATS, after commit),
 * as the JSON text the log produced while hashing it. Payloads are given to the client as bytes
 * (Buffer.from, native): a string payload costs the client a TextEncoder pass of its own, about
 * 0.5 µs more per message, and ingest publishes two per event.
 */
@Injectable()
export class AppendedNotifier {
  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  publish(entries: readonly LogEntry[], texts: readonly string[]): void {
    for (let i = 0; i < entries.length; i++) {
      const subject = appendedSubject(entries[i].host, entries[i].kind);
      this.connection.publish(subject, Buffer.from(texts[i]));
    }
  }
}
