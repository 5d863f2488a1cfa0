import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NatsConnection, Service } from 'nats';
import { NATS_CONNECTION } from '../nats/nats-connection';

const VERSION = '0.1.0';

/** Answers NATS service discovery ($SRV.PING / INFO / STATS) as `authtrail`. */
@Injectable()
export class ServiceDiscovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceDiscovery.name);
  private service?: Service;

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.service = await this.connection.services.add({
        name: 'authtrail',
        version: VERSION,
        description: 'Audit log and sessions-since-boot of login events',
        metadata: {
          rpc: 'auth.sessions, auth.sessions.<field>, audit.log.query, audit.log.verify, audit.sessions.at, audit.replay, audit.stats, auth.terminate_session, auth.terminate_other_sessions',
        },
      });
    } catch (error) {
      this.logger.warn(`service discovery is off: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.service?.stop().catch(() => undefined);
  }
}
