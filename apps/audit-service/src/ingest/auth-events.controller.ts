import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { JetStreamContext } from '../transport/jetstream.context';
import {
  INGEST_BATCH_PATTERN,
  JETSTREAM_TRANSPORT,
  type RawEventMessage,
} from '../transport/raw-event';
import { IngestService, type BatchOutcome } from './ingest.service';

/** Entry point of every batch the JetStream transport pulls. */
@Controller()
export class AuthEventsController {
  constructor(private readonly ingest: IngestService) {}

  @EventPattern(INGEST_BATCH_PATTERN, JETSTREAM_TRANSPORT)
  handleBatch(
    @Payload() batch: RawEventMessage[],
    @Ctx() context: JetStreamContext,
  ): Promise<BatchOutcome> {
    return this.ingest.ingest(context.getStream(), batch);
  }
}
