import { Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module';
import { StatusModule } from '../status/status.module';
import { QueryTurns } from './query-turns';
import { SessionsQueryController } from './sessions-query.controller';
import { SessionsQueryService } from './sessions-query.service';

/** `auth.sessions[.<field>]`, answered from the projection. */
@Module({
  imports: [ProjectionModule, StatusModule],
  controllers: [SessionsQueryController],
  providers: [SessionsQueryService, QueryTurns],
  exports: [SessionsQueryService, QueryTurns],
})
export class QueryModule {}
