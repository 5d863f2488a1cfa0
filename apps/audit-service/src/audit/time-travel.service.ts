import { Inject, Injectable, Logger } from '@nestjs/common';
import { resolveHost } from '@authtrail/sessions';
import { compileQuery, type QueryResult } from '@authtrail/filter-list';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { SessionsProjection } from '../projection/sessions.projection';
import type { SessionsAtQuery } from './audit-requests';
import { auditReadJob, type SessionsAtAnswer } from './audit-read-jobs';
import { unwrap } from './query-failure';

/**
 * `audit.sessions.at` for a resolved host: the fold from the nearest snapshot (see TimeTravel)
 * and the query run on the read pool, off the event loop.
 */
@Injectable()
export class TimeTravelService {
  private readonly logger = new Logger(TimeTravelService.name);

  constructor(
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly projection: SessionsProjection,
  ) {}

  async sessionsAt(query: SessionsAtQuery): Promise<QueryResult> {
    const limits = this.config.queryLimits;
    // Checked here, so a bad query is a 400 before it takes a place on the read pool.
    const compiled = compileQuery(query.filters, query.options, limits);
    const host = resolveHost(this.projection.state, query.host);
    if (host === undefined) return compiled.run([]);
    const { seq, atMs, callerSessionId, filters, options } = query;
    const job = { host, seq, atMs, callerSessionId, filters, options, limits };
    const answer = await this.reader.run<SessionsAtAnswer>(auditReadJob('sessionsAt', job));
    for (const seq of answer.mismatched) {
      this.logger.warn(`snapshot at seq ${seq} does not match the log; folding from the start`);
    }
    return unwrap(answer);
  }
}
