import { Module } from '@nestjs/common';
import { IngestBacklog } from './ingest-backlog';
import { IngestStatus } from './ingest-status';
import { WitnessStatus } from './witness-status';

/**
 * The status of ingest (written by ingest, read by readiness, stats and metrics), its backlog
 * (written by the transport, read by the queries) and the witness's
 * (written by the witness, read by readiness and metrics).
 */
@Module({
  providers: [IngestStatus, IngestBacklog, WitnessStatus],
  exports: [IngestStatus, IngestBacklog, WitnessStatus],
})
export class StatusModule {}
