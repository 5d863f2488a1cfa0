import { Module } from '@nestjs/common';
import { DetectionsModule } from '../detections/detections.module';
import { ProjectionModule } from '../projection/projection.module';
import { StatusModule } from '../status/status.module';
import { TransparencyModule } from '../transparency/transparency.module';
import { AppendedNotifier } from './appended.notifier';
import { AuthEventsController } from './auth-events.controller';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { IngestService } from './ingest.service';
import { SessionsChangedNotifier } from './sessions-changed.notifier';

/** The write path: each batch of the JetStream transport validated, committed and applied. */
@Module({
  imports: [ProjectionModule, StatusModule, TransparencyModule, DetectionsModule],
  controllers: [AuthEventsController],
  providers: [IngestService, DeadLetterPublisher, AppendedNotifier, SessionsChangedNotifier],
})
export class IngestModule {}
