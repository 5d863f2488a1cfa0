import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects } from '@authtrail/contracts';
import { parseTerminateOthersRequest, parseTerminateSessionRequest } from './terminate-requests';
import { TerminateService } from './terminate.service';

/** `auth.terminate_session` and `auth.terminate_other_sessions` (REF §2). */
@Controller()
export class TerminateController {
  constructor(private readonly terminate: TerminateService) {}

  @MessagePattern(Subjects.terminateSession, Transport.NATS)
  terminateSession(@Payload() data: unknown): Promise<boolean> {
    return this.terminate.terminateSession(parseTerminateSessionRequest(data));
  }

  @MessagePattern(Subjects.terminateOtherSessions, Transport.NATS)
  terminateOtherSessions(@Payload() data: unknown): Promise<boolean> {
    return this.terminate.terminateOthers(parseTerminateOthersRequest(data));
  }
}
