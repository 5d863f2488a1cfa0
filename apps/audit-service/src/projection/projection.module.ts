import { Module } from '@nestjs/common';
import { SessionsProjection } from './sessions.projection';

/** The sessions projection: fed by ingest, read by queries, stats and metrics. */
@Module({
  providers: [SessionsProjection],
  exports: [SessionsProjection],
})
export class ProjectionModule {}
