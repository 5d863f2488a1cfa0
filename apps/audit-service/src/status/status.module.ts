import { Module } from '@nestjs/common';
import { IngestStatus } from './ingest-status';
import { WitnessStatus } from './witness-status';

/**
 * The status of ingest (written by ingest, read by readiness, stats and metrics) and of the witness
 * (written by the witness, read by readiness and metrics).
 */
@Module({
  providers: [IngestStatus, WitnessStatus],
  exports: [IngestStatus, WitnessStatus],
})
export class StatusModule {}
