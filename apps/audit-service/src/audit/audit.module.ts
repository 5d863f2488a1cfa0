import { Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module';
import { StatusModule } from '../status/status.module';
import { AuditController } from './audit.controller';
import { LogQueryService } from './log-query.service';
import { ReplayResponder } from './replay.responder';
import { StatsService } from './stats.service';
import { TimeTravelService } from './time-travel.service';
import { VerifyService } from './verify.service';

/** `audit.log.query`, `audit.log.verify`, `audit.sessions.at`, `audit.stats` and `audit.replay`. */
@Module({
  imports: [ProjectionModule, StatusModule],
  controllers: [AuditController],
  providers: [LogQueryService, TimeTravelService, StatsService, ReplayResponder, VerifyService],
  exports: [LogQueryService, TimeTravelService, VerifyService],
})
export class AuditModule {}
