import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { appendedSubject, type LogEntry } from '@authtrail/contracts';
import { NATS_CONNECTION } from '../nats/nats-connection';

/** Publishes each committed entry on `audit.log.appended.<host>.<kind>` (core NATS, after commit). */
@Injectable()
export class AppendedNotifier {
  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  publish(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      this.connection.publish(appendedSubject(entry.host, entry.kind), JSON.stringify(entry));
    }
  }
}
