import { Inject, Injectable } from '@nestjs/common';
import { RpcErrorCode, type SessionField } from '@authtrail/contracts';
import { activeSessions, resolveHost } from '@authtrail/sessions';
import { compileQuery, type QueryResult } from '@authtrail/filter-list';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { SessionsProjection } from '../projection/sessions.projection';
import { RpcError } from '../rpc/rpc-error';
import { runInSlices, SLICE_MS } from './run-in-slices';
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

/** Read-your-writes: waits until stream sequence `afterSeq` is applied; a 504 after 5 s. */
export async function waitForAfterSeq(
  projection: SessionsProjection,
  afterSeq: number | undefined,
): Promise<void> {
  if (afterSeq === undefined) return;
  if (!(await projection.waitUntilHandled(afterSeq, AFTER_SEQ_TIMEOUT_MS))) {
    throw new RpcError({
      code: RpcErrorCode.Timeout,
      message: `stream sequence ${afterSeq} was not applied within ${AFTER_SEQ_TIMEOUT_MS} ms`,
    });
  }
}

/**
 * Answers `auth.sessions` queries from the in-memory projection. A query is validated and
 * compiled once, then run in slices of about 10 ms so that no query holds the event loop; the
 * host's rows are read lazily from the live projection meanwhile (docs/contract-notes.md).
 */
@Injectable()
export class SessionsQueryService {
  constructor(
    private readonly projection: SessionsProjection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async sessions(query: SessionsQuery, field?: SessionField): Promise<QueryResult> {
    await waitForAfterSeq(this.projection, query.afterSeq);
    const state = this.projection.state;
    const host = resolveHost(state, query.host);
    const compiled = compileQuery(query.filters, query.options, this.config.queryLimits);
    const rows = activeSessions(state, host, query.callerSessionId);
    const result: QueryResult = await runInSlices<QueryResult>(
      compiled.start(rows),
      SLICE_MS,
      compiled.rowsPerStep,
    );
    return field ? slice(result, field) : result;
  }
}
