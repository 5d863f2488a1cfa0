import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects, type StatsReply, type VerifyReply } from '@authtrail/contracts';
import type { QueryResult } from '@authtrail/filter-list';
import { treeHash } from '@authtrail/merkle';
import { AUDIT_READER, EVENT_LOG, type AuditReader } from '../log/event-log.provider';
import type { TreeLog } from '../transparency/tree-log';
import {
  parseLogQueryRequest,
  parseSessionsAtRequest,
  parseStatsRequest,
  parseVerifyRequest,
} from './audit-requests';
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
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(EVENT_LOG) private readonly log: TreeLog,
  ) {}

  @MessagePattern(Subjects.logQuery, Transport.NATS)
  query(@Payload() data: unknown): Promise<QueryResult> {
    const { filters, options } = parseLogQueryRequest(data);
    return this.logQuery.query(filters, options);
  }

  @MessagePattern(Subjects.logVerify, Transport.NATS)
  async verify(@Payload() data: unknown): Promise<VerifyReply> {
    const { fromSeq, toSeq, rootAt } = parseVerifyRequest(data, this.reader.lastSeq());
    const result = await this.reader.verify(fromSeq, toSeq);
    if (rootAt === undefined || !result.ok) return result;
    const root = treeHash(rootAt, this.log.treeReader());
    return { ...result, root: Buffer.from(root).toString('base64') };
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
