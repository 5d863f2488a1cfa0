import { Module } from '@nestjs/common';
import { DetectionsModule } from '../detections/detections.module';
import { ProjectionModule } from '../projection/projection.module';
import { QueryModule } from '../query/query.module';
import { AlertsController } from './alerts.controller';
import { AlertsQueryService } from './alerts-query.service';
import { StatusModule } from '../status/status.module';
import { AuditController } from './audit.controller';
import { LogQueryService } from './log-query.service';
import { ReplayResponder } from './replay.responder';
import { StatsService } from './stats.service';
import { TimeTravelService } from './time-travel.service';
import { VerifyService } from './verify.service';

/**
 * `audit.log.query`, `audit.log.verify`, `audit.sessions.at`, `audit.stats`, `audit.replay`,
 * `audit.alerts` and `audit.alerts.at`.
 */
@Module({
  imports: [ProjectionModule, StatusModule, DetectionsModule, QueryModule],
  controllers: [AuditController, AlertsController],
  providers: [
    AlertsQueryService,
    LogQueryService,
    TimeTravelService,
    StatsService,
    ReplayResponder,
    VerifyService,
  ],
  exports: [AlertsQueryService, LogQueryService, TimeTravelService, VerifyService],
})
export class AuditModule {}
