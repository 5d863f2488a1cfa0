import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { NatsConnection } from 'nats';
import type { LogStore } from '@authtrail/event-log';
import { AuditModule } from './audit/audit.module';
import { ConsoleModule } from './console/console.module';
import { ServiceConfigModule } from './config/service-config.module';
import type { ServiceConfig } from './config/service-config';
import { IngestModule } from './ingest/ingest.module';
import { LogModule } from './log/log.module';
import { NatsModule } from './nats/nats.module';
import { OpsModule } from './ops/ops.module';
import { QueryTimingInterceptor } from './ops/query-timing.interceptor';
import { QueryModule } from './query/query.module';
import { RpcErrorFilter } from './rpc/rpc-error.filter';
import { SigningModule } from './signing/signing.module';
import { TerminateModule } from './terminate/terminate.module';
import type { Signers } from './signing/signers.provider';
import { TransparencyModule } from './transparency/transparency.module';
import { WitnessModule } from './witness/witness.module';

/**
 * The service: ingest (JetStream) and queries (NATS request-reply) over one log and projection.
 * The configuration, the connection, the log and the signers are opened by main.ts and given to
 * every module; each feature module says in its imports which others it uses.
 */
@Module({})
export class AuditServiceModule {
  static forRoot(
    config: ServiceConfig,
    connection: NatsConnection,
    store: LogStore,
    signers: Signers,
  ): DynamicModule {
    return {
      module: AuditServiceModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        NatsModule.forRoot(connection),
        LogModule.forRoot(store),
        SigningModule.forRoot(signers),
        IngestModule,
        QueryModule,
        AuditModule,
        TransparencyModule,
        TerminateModule,
        WitnessModule,
        OpsModule,
        // The web console only when its token is set (and so an HTTP port: loadServiceConfig).
        ...(config.console ? [ConsoleModule] : []),
      ],
      // What applies to every handler of every transport (interceptors, exception filters).
      providers: [
        { provide: APP_INTERCEPTOR, useClass: QueryTimingInterceptor },
        { provide: APP_FILTER, useClass: RpcErrorFilter },
      ],
    };
  }
}
