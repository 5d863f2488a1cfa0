import { Inject, Injectable } from '@nestjs/common';
import { LOG_SEQ_HEADER, type SessionField } from '@authtrail/contracts';
import { activeSessions, resolveHost } from '@authtrail/sessions';
import { compileQuery, type QueryResult } from '@authtrail/filter-list';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { SessionsProjection } from '../projection/sessions.projection';
import { untilApplied } from '../projection/read-your-writes';
import { HeadedResult } from '../rpc/headed-result';
import { QueryTurns } from './query-turns';
import { runInSlices, SLICE_MS } from './run-in-slices';
import type { SessionsQuery } from './sessions-request';

function slice(result: QueryResult, field: SessionField): QueryResult {
  const pick = (row: unknown) => {
    const record = row as Record<string, unknown>;
    return field in record ? { [field]: record[field] } : {};
  };
  if (typeof result === 'number') return result;
  return Array.isArray(result) ? result.map(pick) : pick(result);
}

/**
 * Answers `auth.sessions` queries from the in-memory projection. A query is validated and
 * compiled once, then run in slices of about 5 ms so that no query holds the event loop, each
 * waiting for its turn (QueryTurns: while ingest has events waiting, queries get a share); the
 * host's rows are read lazily from the live projection meanwhile (docs/contract-notes.md).
 *
 * The reply's `Authtrail-Log-Seq` header is the log seq the projection had reached when the
 * rows began to be read: every change after it may or may not be in the result (entries applied
 * between slices), none before it is missing, so a follower of `auth.sessions.changed.<host>`
 * applies the changes after that seq, tolerantly (docs/contract-notes.md, Following the changes).
 */
@Injectable()
export class SessionsQueryService {
  constructor(
    private readonly projection: SessionsProjection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly turns: QueryTurns,
  ) {}

  async sessions(query: SessionsQuery, field?: SessionField): Promise<HeadedResult<QueryResult>> {
    if (query.afterSeq !== undefined) await untilApplied(this.projection, query.afterSeq);
    const state = this.projection.state;
    const host = resolveHost(state, query.host);
    const compiled = compileQuery(query.filters, query.options, this.config.queryLimits);
    // Read in the same turn as the iterator is made, before any row: see the class comment.
    const seq = state.lastSeq;
    const rows = activeSessions(state, host, query.callerSessionId);
    const result: QueryResult = await runInSlices<QueryResult>(
      compiled.start(rows),
      SLICE_MS,
      compiled.rowsPerStep,
      this.turns,
    );
    return new HeadedResult(field ? slice(result, field) : result, {
      [LOG_SEQ_HEADER]: String(seq),
    });
  }
}
