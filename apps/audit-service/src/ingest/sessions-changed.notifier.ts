import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { sessionsChangedSubject } from '@authtrail/contracts';
import { changedMessage, type SessionChange } from '@authtrail/sessions';
import { NATS_CONNECTION } from '../nats/nats-connection';

/**
 * Publishes each change of a host's sessions on `auth.sessions.changed.<host>` (core NATS, after
 * commit, in log order), in TrueNAS's event shape with the entry's seq. A publish only queues
 * the message in the client: ingest never waits for a subscriber. One that fails is logged and
 * not retried: the host's next change names the entry in `prev_seq`, so followers read again.
 */
@Injectable()
export class SessionsChangedNotifier {
  private readonly logger = new Logger(SessionsChangedNotifier.name);

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  publish(changes: readonly SessionChange[]): void {
    for (const change of changes) {
      try {
        const message = JSON.stringify(changedMessage(change));
        // As bytes, as the appended notifications (AppendedNotifier): cheaper for the client.
        this.connection.publish(sessionsChangedSubject(change.host), Buffer.from(message));
      } catch (error) {
        this.logger.warn(
          `change of ${change.host}'s sessions at seq ${change.seq} not published: ${(error as Error).message}`,
        );
      }
    }
  }
}
