import { Module } from '@nestjs/common';
import { AlertNotifier } from './alert.notifier';
import { DetectionsProjection } from './detections.projection';

/** The detections: fed by ingest, read by the alerts RPCs, stats and metrics; alerts published. */
@Module({
  providers: [DetectionsProjection, AlertNotifier],
  exports: [DetectionsProjection],
})
export class DetectionsModule {}
