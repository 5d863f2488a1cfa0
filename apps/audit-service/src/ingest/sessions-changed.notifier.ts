import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { sessionsChangedSubject } from '@authtrail/contracts';
import { ChangeSequencer, type SessionChange } from '@authtrail/sessions';
import { NATS_CONNECTION } from '../nats/nats-connection';

/**
 * Publishes each change of a host's sessions on `auth.sessions.changed.<host>` (core NATS, after
 * commit, in log order), in TrueNAS's event shape with the entry's seq. A publish only queues
 * the message in the client: ingest never waits for a subscriber. One that fails is logged and
 * its host's next change goes out without `prev_seq`, so followers re-read instead of missing it.
 */
@Injectable()
export class SessionsChangedNotifier {
  private readonly logger = new Logger(SessionsChangedNotifier.name);
  private readonly sequencer = new ChangeSequencer();

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  publish(changes: readonly SessionChange[]): void {
    for (const change of changes) {
      const message = this.sequencer.next(change);
      try {
        this.connection.publish(sessionsChangedSubject(change.host), JSON.stringify(message));
      } catch (error) {
        this.sequencer.forget(change.host);
        this.logger.warn(
          `change of ${change.host}'s sessions at seq ${change.seq} not published: ${(error as Error).message}`,
        );
      }
    }
  }
}
