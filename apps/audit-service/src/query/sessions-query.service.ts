import { Injectable } from '@nestjs/common';
import { RpcErrorCode, type SessionField } from '@authtrail/contracts';
import { activeSessions, filterList, resolveHost, type QueryResult } from '@authtrail/sessions';
import { SessionsProjection } from '../projection/sessions.projection';
import { RpcError, toRpcError } from '../rpc/rpc-error';
import type { SessionsQuery } from './sessions-request';

const AFTER_SEQ_TIMEOUT_MS = 5_000;

function slice(result: QueryResult, field: SessionField): QueryResult {
  const pick = (row: unknown) => {
    const record = row as Record<string, unknown>;
    return field in record ? { [field]: record[field] } : {};
  };
  if (typeof result === 'number') return result;
  return Array.isArray(result) ? result.map(pick) : pick(result);
}

/** Answers `auth.sessions` queries from the in-memory projection. */
@Injectable()
export class SessionsQueryService {
  constructor(private readonly projection: SessionsProjection) {}

  async sessions(query: SessionsQuery, field?: SessionField): Promise<QueryResult> {
    if (query.afterSeq !== undefined) {
      const reached = await this.projection.handled.wait(query.afterSeq, AFTER_SEQ_TIMEOUT_MS);
      if (!reached) {
        throw new RpcError({
          code: RpcErrorCode.Timeout,
          message: `stream sequence ${query.afterSeq} was not applied within ${AFTER_SEQ_TIMEOUT_MS} ms`,
        });
      }
    }
    try {
      const state = this.projection.state;
      const rows = activeSessions(state, resolveHost(state, query.host), query.callerSessionId);
      const result = filterList(rows, query.filters, query.options);
      return field ? slice(result, field) : result;
    } catch (error) {
      throw toRpcError(error);
    }
  }
}
