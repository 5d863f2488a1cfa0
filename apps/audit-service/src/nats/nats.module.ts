import { Module, type DynamicModule } from '@nestjs/common';
import { NATS_CONNECTION, type NatsConnection } from './nats-connection';
import { NatsStatusLogger } from './nats-status.logger';

/** The NATS connection opened at start, and whether it is up, to every module. */
@Module({})
export class NatsModule {
  static forRoot(connection: NatsConnection): DynamicModule {
    return {
      module: NatsModule,
      global: true,
      providers: [{ provide: NATS_CONNECTION, useValue: connection }, NatsStatusLogger],
      exports: [NATS_CONNECTION, NatsStatusLogger],
    };
  }
}
