import { Inject, Injectable } from '@nestjs/common';
import { compileQuery, type QueryResult } from '@authtrail/filter-list';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { auditReadJob } from './audit-read-jobs';
import { unwrap, type Settled } from './query-failure';
import type { HostLastEntry } from '@authtrail/event-log';

/**
 * `audit.log.query`: checked here, run on the read pool (a filter or count over the whole log
 * takes long at a large log, and a SQLite scan cannot be sliced).
 */
@Injectable()
export class LogQueryService {
  constructor(
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async query(filters: unknown, options: unknown): Promise<QueryResult> {
    const limits = this.config.queryLimits;
    // Compiled here too, so a bad query is a 400 before it takes a place on the read pool.
    compileQuery(filters, options, limits);
    const job = auditReadJob('logQuery', { filters, options, limits });
    return unwrap(await this.reader.run<Settled<QueryResult>>(job));
  }

  /** Each host's newest entry by occurred time (one index probe each, on the read pool). */
  async lastEntries(hosts: string[]): Promise<(HostLastEntry | undefined)[]> {
    const job = auditReadJob('lastEntries', { hosts });
    return unwrap(await this.reader.run<Settled<(HostLastEntry | undefined)[]>>(job));
  }
}
