import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects, type StatsReply, type VerifyReply } from '@authtrail/contracts';
import type { QueryResult } from '@authtrail/filter-list';
import {
  parseLogQueryRequest,
  parseSessionsAtRequest,
  parseStatsRequest,
  parseVerifyRequest,
} from './audit-requests';
import { LogQueryService } from './log-query.service';
import { StatsService } from './stats.service';
import { TimeTravelService } from './time-travel.service';
import { VerifyService } from './verify.service';

/**
 * The audit RPCs answered in one reply (contract §5); replay streams from ReplayResponder. What
 * can take long at a large log (a query over it, time travel, a verify) runs on the read pool.
 */
@Controller()
export class AuditController {
  constructor(
    private readonly logQuery: LogQueryService,
    private readonly timeTravel: TimeTravelService,
    private readonly statsService: StatsService,
    private readonly verifier: VerifyService,
  ) {}

  @MessagePattern(Subjects.logQuery, Transport.NATS)
  query(@Payload() data: unknown): Promise<QueryResult> {
    const { filters, options } = parseLogQueryRequest(data);
    return this.logQuery.query(filters, options);
  }

  @MessagePattern(Subjects.logVerify, Transport.NATS)
  verify(@Payload() data: unknown): Promise<VerifyReply> {
    return this.verifier.verify(parseVerifyRequest(data, this.verifier.lastSeq()));
  }

  @MessagePattern(Subjects.sessionsAt, Transport.NATS)
  sessionsAt(@Payload() data: unknown): Promise<QueryResult> {
    return this.timeTravel.sessionsAt(parseSessionsAtRequest(data));
  }

  @MessagePattern(Subjects.stats, Transport.NATS)
  stats(@Payload() data: unknown): Promise<StatsReply> {
    return this.statsService.stats(parseStatsRequest(data));
  }
}
