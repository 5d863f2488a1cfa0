import { ServerNats } from '@nestjs/microservices';

/**
 * The framework's NATS server for the query RPCs, minus its per-event status logging: the
 * service's NatsStatusLogger reports outages once, for the whole process.
 */
export class ServerNatsRpc extends ServerNats {
  override async handleStatusUpdates(): Promise<void> {}
}
