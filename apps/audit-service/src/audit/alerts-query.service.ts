import { Inject, Injectable } from '@nestjs/common';
import { alertRows } from '@authtrail/detections';
import { compileQuery, type QueryResult } from '@authtrail/filter-list';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { DetectionsProjection } from '../detections/detections.projection';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { SessionsProjection } from '../projection/sessions.projection';
import { QueryTurns } from '../query/query-turns';
import { runInSlices, SLICE_MS } from '../query/run-in-slices';
import { untilApplied } from '../projection/read-your-writes';
import { auditReadJob } from './audit-read-jobs';
import type { AlertsQuery, PointInTime } from './audit-requests';
import { unwrap, type Settled } from './query-failure';

/**
 * `audit.alerts` from the live detections, run in slices as `auth.sessions` is; `audit.alerts.at`
 * folded on the read pool from the nearest saved state (see detectionsAt).
 */
@Injectable()
export class AlertsQueryService {
  constructor(
    private readonly detections: DetectionsProjection,
    private readonly projection: SessionsProjection,
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly turns: QueryTurns,
  ) {}

  async alerts(query: AlertsQuery): Promise<QueryResult> {
    // The detections fold each batch in the run that releases its waiters: applied by then.
    if (query.afterSeq !== undefined) await untilApplied(this.projection, query.afterSeq);
    const compiled = compileQuery(query.filters, query.options, this.config.queryLimits);
    const { state } = this.detections;
    return runInSlices<QueryResult>(
      compiled.start(alertRows(state), state.alerts.length),
      SLICE_MS,
      compiled.rowsPerStep,
      this.turns,
    );
  }

  async alertsAt(query: Omit<AlertsQuery, 'afterSeq'> & PointInTime): Promise<QueryResult> {
    const limits = this.config.queryLimits;
    // Checked here, so a bad query is a 400 before it takes a place on the read pool.
    compileQuery(query.filters, query.options, limits);
    const job = { ...query, config: this.config.detections, limits };
    return unwrap(await this.reader.run<Settled<QueryResult>>(auditReadJob('alertsAt', job)));
  }
}
