import { Inject, Injectable } from '@nestjs/common';
import {
  filterList,
  validateQuery,
  QueryValidationError,
  type QueryResult,
} from '@authtrail/sessions';
import { toRpcError } from '../rpc/rpc-error';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { toLogEntryView } from './log-entry-view';
import { sqlPrefilter } from './sql-prefilter';

function* views(entries: Iterable<Parameters<typeof toLogEntryView>[0]>) {
  for (const entry of entries) yield toLogEntryView(entry);
}

/** An order_by that is only `seq` or `-seq` is done by reading the log in that order. */
function seqOrder(
  options: unknown,
): { descending: boolean; rest: Record<string, unknown> } | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  const { order_by: orderBy, ...rest } = options as Record<string, unknown>;
  if (!Array.isArray(orderBy) || orderBy.length !== 1) return undefined;
  if (orderBy[0] === 'seq') return { descending: false, rest };
  if (orderBy[0] === '-seq') return { descending: true, rest };
  return undefined;
}

/** `audit.log.query`: SQL narrows by indexed columns, the query engine decides exactly. */
@Injectable()
export class LogQueryService {
  constructor(@Inject(AUDIT_READER) private readonly reader: AuditReader) {}

  query(filters: unknown, options: unknown): QueryResult {
    try {
      const errors = validateQuery(filters, options);
      if (errors.length > 0) throw new QueryValidationError(errors);
      const bySeq = seqOrder(options);
      const entries = this.reader.select(sqlPrefilter(filters), bySeq?.descending ?? false);
      return filterList(views(entries), filters, bySeq ? bySeq.rest : options);
    } catch (error) {
      throw toRpcError(error);
    }
  }
}
