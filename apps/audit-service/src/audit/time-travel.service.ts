import { Inject, Injectable, Logger } from '@nestjs/common';
import type { QueryResult } from '@authtrail/sessions';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { auditReadJob, type SessionsAtAnswer, type SessionsAtJob } from './audit-read-jobs';
import { toHeavyReadError } from './heavy-read';
import { unwrap } from './query-failure';

/**
 * `audit.sessions.at` for a resolved host: the fold from the nearest checkpoint (see TimeTravel)
 * and the query run on the read pool, off the event loop.
 */
@Injectable()
export class TimeTravelService {
  private readonly logger = new Logger(TimeTravelService.name);

  constructor(@Inject(AUDIT_READER) private readonly reader: AuditReader) {}

  async query(job: SessionsAtJob): Promise<QueryResult> {
    try {
      const answer = await this.reader.run<SessionsAtAnswer>(auditReadJob('sessionsAt', job));
      for (const seq of answer.mismatched) {
        this.logger.warn(`checkpoint at seq ${seq} does not match the log; folding from the start`);
      }
      return unwrap(answer);
    } catch (error) {
      throw toHeavyReadError(error);
    }
  }
}
