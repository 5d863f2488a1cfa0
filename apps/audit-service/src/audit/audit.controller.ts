import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects, type StatsReply, type VerifyReply } from '@authtrail/contracts';
import { activeSessions, filterList, resolveHost, type QueryResult } from '@authtrail/sessions';
import { toRpcError } from '../rpc/rpc-error';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { SessionsProjection } from '../projection/sessions.projection';
import { RequestReader } from '../rpc/request-reader';
import { parseLogQueryRequest, parseSessionsAtRequest, parseVerifyRequest } from './audit-requests';
import { LogQueryService } from './log-query.service';
import { StatsService } from './stats.service';
import { TimeTravelService } from './time-travel.service';

/** The audit RPCs answered in one reply (contract §5); replay streams from ReplayResponder. */
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
  query(@Payload() data: unknown): QueryResult {
    const { filters, options } = parseLogQueryRequest(data);
    return this.logQuery.query(filters, options);
  }

  @MessagePattern(Subjects.logVerify, Transport.NATS)
  verify(@Payload() data: unknown): Promise<VerifyReply> {
    const { fromSeq, toSeq } = parseVerifyRequest(data);
    return this.reader.verify(fromSeq, toSeq);
  }

  @MessagePattern(Subjects.sessionsAt, Transport.NATS)
  sessionsAt(@Payload() data: unknown): QueryResult {
    const query = parseSessionsAtRequest(data);
    try {
      const host = resolveHost(this.projection.state, query.host);
      if (host === undefined) return filterList([], query.filters, query.options);
      const state =
        query.seq !== undefined
          ? this.timeTravel.atSeq(host, query.seq)
          : this.timeTravel.atTime(host, query.atMs!);
      return filterList(
        activeSessions(state, host, query.callerSessionId),
        query.filters,
        query.options,
      );
    } catch (error) {
      throw toRpcError(error);
    }
  }

  @MessagePattern(Subjects.stats, Transport.NATS)
  stats(@Payload() data: unknown): Promise<StatsReply> {
    new RequestReader(data, []).done();
    return this.statsService.stats();
  }
}
