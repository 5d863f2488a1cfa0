import { Inject, Injectable } from '@nestjs/common';
import { validateQuery, QueryValidationError, type QueryResult } from '@authtrail/sessions';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { toRpcError } from '../rpc/rpc-error';
import { auditReadJob } from './audit-read-jobs';
import { toHeavyReadError } from './heavy-read';
import { unwrap, type Settled } from './query-failure';

/**
 * `audit.log.query`: checked here, run on the read pool (a filter or count over the whole log
 * takes long at a large log, and a SQLite scan cannot be sliced).
 */
@Injectable()
export class LogQueryService {
  constructor(@Inject(AUDIT_READER) private readonly reader: AuditReader) {}

  async query(filters: unknown, options: unknown): Promise<QueryResult> {
    const errors = validateQuery(filters, options);
    if (errors.length > 0) throw toRpcError(new QueryValidationError(errors));
    try {
      return unwrap(
        await this.reader.run<Settled<QueryResult>>(auditReadJob('logQuery', { filters, options })),
      );
    } catch (error) {
      throw toHeavyReadError(error);
    }
  }
}
