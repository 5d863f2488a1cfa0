import { Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { AuthEventsController } from './ingest/auth-events.controller';
import { DeadLetterPublisher } from './ingest/dead-letter.publisher';
import { IngestService } from './ingest/ingest.service';
import { EVENT_LOG, type EventLog } from './log/event-log.provider';
import { NATS_CONNECTION } from './nats/nats-connection';
import { SessionsProjection } from './projection/sessions.projection';
import { SessionsQueryController } from './query/sessions-query.controller';
import { SessionsQueryService } from './query/sessions-query.service';

/** The service: ingest (JetStream) and queries (NATS request-reply) over one log and projection. */
@Module({})
export class AuditServiceModule {
  static forRoot(config: ServiceConfig, connection: NatsConnection, log: EventLog): DynamicModule {
    return {
      module: AuditServiceModule,
      controllers: [AuthEventsController, SessionsQueryController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: connection },
        { provide: EVENT_LOG, useValue: log },
        SessionsProjection,
        IngestService,
        DeadLetterPublisher,
        SessionsQueryService,
      ],
    };
  }
}
