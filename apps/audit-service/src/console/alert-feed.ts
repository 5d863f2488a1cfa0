import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { ALERTS_WILDCARD } from '@authtrail/contracts';
import { NATS_CONNECTION } from '../nats/nats-connection';

/** What the Alerts page is told of each alert opened or closed. */
export interface AlertNews {
  change: 'opened' | 'closed';
  id: string;
  rule: string;
  host: string;
}

type Listener = (news: AlertNews) => void;

/** The parts of an `audit.alert.<rule>.<host>` message the page uses; undefined if it is not one. */
export function readAlertNews(data: Uint8Array): AlertNews | undefined {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
  const { change, alert } = (body ?? {}) as { change?: unknown; alert?: Record<string, unknown> };
  if (change !== 'opened' && change !== 'closed') return undefined;
  if (typeof alert !== 'object' || alert === null) return undefined;
  const { id, rule, host } = alert;
  if (typeof id !== 'string' || typeof rule !== 'string' || typeof host !== 'string') {
    return undefined;
  }
  return { change, id, rule, host };
}

/**
 * The alerts the console's pages follow: one subscription to `audit.alert.>` however many
 * pages follow it, closed when the last one leaves.
 */
@Injectable()
export class AlertFeed implements OnApplicationShutdown {
  private readonly logger = new Logger('console');
  private readonly listeners = new Set<Listener>();
  private sub: Subscription | undefined;

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  /** Whether the feed is subscribed now. */
  get following(): boolean {
    return this.sub !== undefined;
  }

  /**
   * Calls `listener` with each alert opened or closed until the returned function is called;
   * resolves once the server has the subscription.
   */
  async follow(listener: Listener): Promise<() => void> {
    this.sub ??= this.connection.subscribe(ALERTS_WILDCARD, {
      callback: (error, message) => {
        if (error) return;
        const news = readAlertNews(message.data);
        if (!news) {
          this.logger.warn(`a message on ${message.subject} is not an alert change: ignored`);
          return;
        }
        for (const each of this.listeners) each(news);
      },
    });
    this.listeners.add(listener);
    await this.connection.flush();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.sub) {
        this.sub.unsubscribe();
        this.sub = undefined;
      }
    };
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
    this.sub = undefined;
    this.listeners.clear();
  }
}
