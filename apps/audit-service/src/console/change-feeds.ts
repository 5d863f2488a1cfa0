import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { sessionsChangedSubject, type SessionsChanged } from '@authtrail/contracts';
import { readSessionsChanged } from '@authtrail/audit-client';
import { NATS_CONNECTION } from '../nats/nats-connection';

type Listener = (change: SessionsChanged) => void;

/**
 * The change feeds the console's pages watch: one subscription to `auth.sessions.changed.<host>`
 * per host watched, however many pages watch it, closed when the last one leaves.
 */
@Injectable()
export class ChangeFeeds implements OnApplicationShutdown {
  private readonly logger = new Logger('console');
  private readonly feeds = new Map<string, { sub: Subscription; listeners: Set<Listener> }>();

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  /** How many hosts are watched now. */
  get watched(): number {
    return this.feeds.size;
  }

  /**
   * Calls `listener` with each change of `host`'s sessions until the returned function is
   * called; resolves once the server has the subscription (changes from then on arrive).
   */
  async watch(host: string, listener: Listener): Promise<() => void> {
    let feed = this.feeds.get(host);
    if (!feed) {
      const listeners = new Set<Listener>();
      const sub = this.connection.subscribe(sessionsChangedSubject(host), {
        callback: (error, message) => {
          if (error) return;
          const change = readSessionsChanged(message.data, host);
          if (!change) {
            this.logger.warn(`a message on ${message.subject} is not a change: ignored`);
            return;
          }
          for (const each of listeners) each(change);
        },
      });
      feed = { sub, listeners };
      this.feeds.set(host, feed);
    }
    feed.listeners.add(listener);
    await this.connection.flush();
    const current = feed;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0 && this.feeds.get(host) === current) {
        this.feeds.delete(host);
        current.sub.unsubscribe();
      }
    };
  }

  onApplicationShutdown(): void {
    for (const { sub } of this.feeds.values()) sub.unsubscribe();
    this.feeds.clear();
  }
}
