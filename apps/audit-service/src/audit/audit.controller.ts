import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects, type StatsReply, type VerifyReply } from '@authtrail/contracts';
import { filterList, resolveHost, type QueryResult } from '@authtrail/sessions';
import { toRpcError } from '../rpc/rpc-error';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { SessionsProjection } from '../projection/sessions.projection';
import {
  parseLogQueryRequest,
  parseSessionsAtRequest,
  parseStatsRequest,
  parseVerifyRequest,
} from './audit-requests';
import { toHeavyReadError } from './heavy-read';
import { LogQueryService } from './log-query.service';
import { StatsService } from './stats.service';
import { TimeTravelService } from './time-travel.service';

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
    private readonly projection: SessionsProjection,
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
  ) {}

  @MessagePattern(Subjects.logQuery, Transport.NATS)
  query(@Payload() data: unknown): Promise<QueryResult> {
    const { filters, options } = parseLogQueryRequest(data);
    return this.logQuery.query(filters, options);
  }

  @MessagePattern(Subjects.logVerify, Transport.NATS)
  async verify(@Payload() data: unknown): Promise<VerifyReply> {
    const { fromSeq, toSeq } = parseVerifyRequest(data, this.reader.lastSeq());
    try {
      return await this.reader.verify(fromSeq, toSeq);
    } catch (error) {
      throw toHeavyReadError(error);
    }
  }

  @MessagePattern(Subjects.sessionsAt, Transport.NATS)
  sessionsAt(@Payload() data: unknown): QueryResult | Promise<QueryResult> {
    const query = parseSessionsAtRequest(data);
    let host: string | undefined;
    try {
      host = resolveHost(this.projection.state, query.host);
      if (host === undefined) return filterList([], query.filters, query.options);
    } catch (error) {
      throw toRpcError(error);
    }
    return this.timeTravel.query({
      host,
      seq: query.seq,
      atMs: query.atMs,
      callerSessionId: query.callerSessionId,
      filters: query.filters,
      options: query.options,
    });
  }

  @MessagePattern(Subjects.stats, Transport.NATS)
  stats(@Payload() data: unknown): Promise<StatsReply> {
    return this.statsService.stats(parseStatsRequest(data));
  }
}
