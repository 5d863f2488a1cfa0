import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload, Transport } from '@nestjs/microservices';
import { Subjects } from '@authtrail/contracts';
import type { QueryResult } from '@authtrail/filter-list';
import type { HeadedResult } from '../rpc/headed-result';
import { parseSessionField, parseSessionsRequest } from './sessions-request';
import { SessionsQueryService } from './sessions-query.service';

/** `auth.sessions` and `auth.sessions.<field>` (contract §5). */
@Controller()
export class SessionsQueryController {
  constructor(private readonly queries: SessionsQueryService) {}

  @MessagePattern(Subjects.sessions, Transport.NATS)
  sessions(@Payload() data: unknown): Promise<HeadedResult<QueryResult>> {
    return this.queries.sessions(parseSessionsRequest(data));
  }

  @MessagePattern(Subjects.sessionsField, Transport.NATS)
  sessionsField(
    @Payload() data: unknown,
    @Ctx() context: NatsContext,
  ): Promise<HeadedResult<QueryResult>> {
    // The field first: an unknown one is a 404 whatever the body holds.
    const field = parseSessionField(context.getSubject());
    return this.queries.sessions(parseSessionsRequest(data), field);
  }
}
