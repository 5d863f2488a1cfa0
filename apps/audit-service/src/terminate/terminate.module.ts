import { Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module';
import { HostCommandsClient } from './host-commands.client';
import { TerminateController } from './terminate.controller';
import { TerminateRecordPublisher } from './terminate-record.publisher';
import { TerminateService } from './terminate.service';

/** Ending sessions on their hosts, with a record of each request in the log. */
@Module({
  imports: [ProjectionModule],
  controllers: [TerminateController],
  providers: [TerminateService, HostCommandsClient, TerminateRecordPublisher],
})
export class TerminateModule {}
