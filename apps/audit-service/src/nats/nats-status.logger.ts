import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Events, type NatsConnection } from 'nats';
import { NATS_CONNECTION } from './nats-connection';

/**
 * One line when the NATS connection drops and one when it is back, with how long it was gone;
 * never a line per reconnect attempt.
 */
@Injectable()
export class NatsStatusLogger implements OnApplicationBootstrap {
  private readonly logger = new Logger('NATS');
  private downSince?: number;

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  get connected(): boolean {
    return this.downSince === undefined && !this.connection.isClosed();
  }

  onApplicationBootstrap(): void {
    void this.watch();
  }

  private async watch(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === Events.Disconnect && this.downSince === undefined) {
        this.downSince = Date.now();
        this.logger.warn(
          `connection to ${String(status.data)} lost; reconnecting (queries wait, nothing is lost)`,
        );
      } else if (status.type === Events.Reconnect && this.downSince !== undefined) {
        const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
        this.downSince = undefined;
        this.logger.log(`connection to ${String(status.data)} restored after ${seconds} s`);
      }
    }
  }
}
