import { Module } from '@nestjs/common';
import { IngestStatus } from './ingest-status';

/** The status of ingest: written by ingest, read by readiness, stats and metrics. */
@Module({
  providers: [IngestStatus],
  exports: [IngestStatus],
})
export class StatusModule {}
