import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload, Transport } from '@nestjs/microservices';
import { SESSION_FIELDS, Subjects, type SessionField } from '@authtrail/contracts';
import type { QueryResult } from '@authtrail/filter-list';
import { RpcError } from '../rpc/rpc-error';
import { parseSessionsRequest } from './sessions-request';
import { SessionsQueryService } from './sessions-query.service';

/** `auth.sessions` and `auth.sessions.<field>` (contract §5). */
@Controller()
export class SessionsQueryController {
  constructor(private readonly queries: SessionsQueryService) {}

  @MessagePattern(Subjects.sessions, Transport.NATS)
  sessions(@Payload() data: unknown): Promise<QueryResult> {
    return this.queries.sessions(parseSessionsRequest(data));
  }

  @MessagePattern(Subjects.sessionsField, Transport.NATS)
  sessionsField(@Payload() data: unknown, @Ctx() context: NatsContext): Promise<QueryResult> {
    const field = context.getSubject().split('.').pop() ?? '';
    if (!(SESSION_FIELDS as readonly string[]).includes(field)) {
      throw RpcError.notFound(`no field "${field}": use one of ${SESSION_FIELDS.join(', ')}`);
    }
    return this.queries.sessions(parseSessionsRequest(data), field as SessionField);
  }
}
