import { Module } from '@nestjs/common';
import { LoopDemand } from './loop-demand';
import { IngestStatus } from './ingest-status';
import { WitnessStatus } from './witness-status';

/**
 * The status of ingest (written by ingest, read by readiness, stats and metrics), the demand on
 * the event loop (written by the transport and the queries, read by each other) and the witness's
 * (written by the witness, read by readiness and metrics).
 */
@Module({
  providers: [IngestStatus, LoopDemand, WitnessStatus],
  exports: [IngestStatus, LoopDemand, WitnessStatus],
})
export class StatusModule {}
