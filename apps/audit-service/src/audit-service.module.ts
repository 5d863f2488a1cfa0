import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { AuthEventsController } from './ingest/auth-events.controller';
import { DeadLetterPublisher } from './ingest/dead-letter.publisher';
import { IngestService } from './ingest/ingest.service';
import {
  AUDIT_READER,
  CHECKPOINTS,
  EVENT_LOG,
  type AuditReader,
  type CheckpointStore,
  type EventLog,
} from './log/event-log.provider';
import { AuditController } from './audit/audit.controller';
import { LogQueryService } from './audit/log-query.service';
import { ReplayResponder } from './audit/replay.responder';
import { StatsService } from './audit/stats.service';
import { TimeTravelService } from './audit/time-travel.service';
import { AppendedNotifier } from './ingest/appended.notifier';
import { HealthController } from './ops/health.controller';
import { MetricsService } from './ops/metrics.service';
import { QueryTimingInterceptor } from './ops/query-timing.interceptor';
import { ServiceDiscovery } from './ops/service-discovery';

/** The log and its read side, opened before the application starts. */
export interface LogStore {
  log: EventLog;
  checkpoints: CheckpointStore;
  reader: AuditReader;
}
import { NATS_CONNECTION } from './nats/nats-connection';
import { NatsStatusLogger } from './nats/nats-status.logger';
import { SessionsProjection } from './projection/sessions.projection';
import { SessionsQueryController } from './query/sessions-query.controller';
import { SessionsQueryService } from './query/sessions-query.service';
import { RpcErrorFilter } from './rpc/rpc-error.filter';

/** The service: ingest (JetStream) and queries (NATS request-reply) over one log and projection. */
@Module({})
export class AuditServiceModule {
  static forRoot(
    config: ServiceConfig,
    connection: NatsConnection,
    store: LogStore,
  ): DynamicModule {
    return {
      module: AuditServiceModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [
        AuthEventsController,
        SessionsQueryController,
        AuditController,
        HealthController,
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: connection },
        { provide: EVENT_LOG, useValue: store.log },
        { provide: CHECKPOINTS, useValue: store.checkpoints },
        { provide: AUDIT_READER, useValue: store.reader },
        SessionsProjection,
        NatsStatusLogger,
        AppendedNotifier,
        LogQueryService,
        TimeTravelService,
        StatsService,
        ReplayResponder,
        MetricsService,
        ServiceDiscovery,
        { provide: APP_INTERCEPTOR, useClass: QueryTimingInterceptor },
        { provide: APP_FILTER, useClass: RpcErrorFilter },
        IngestService,
        DeadLetterPublisher,
        SessionsQueryService,
      ],
    };
  }
}
