import { Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module';
import { SessionsQueryController } from './sessions-query.controller';
import { SessionsQueryService } from './sessions-query.service';

/** `auth.sessions[.<field>]`, answered from the projection. */
@Module({
  imports: [ProjectionModule],
  controllers: [SessionsQueryController],
  providers: [SessionsQueryService],
  exports: [SessionsQueryService],
})
export class QueryModule {}
