import type { LogEntry } from '@authtrail/contracts';
import type { EntryCondition } from '@authtrail/event-log';
import { filterList, type QueryLimits, type QueryResult } from '@authtrail/filter-list';
import { toLogEntryView } from './log-entry-view';
import { sqlPrefilter } from './sql-prefilter';

function* views(entries: Iterable<LogEntry>) {
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

/** `audit.log.query` over entries read by `select`: SQL narrows by indexed columns, the query engine decides exactly. */
export function queryLog(
  select: (condition: EntryCondition, descending: boolean) => Iterable<LogEntry>,
  filters: unknown,
  options: unknown,
  limits?: QueryLimits,
): QueryResult {
  const bySeq = seqOrder(options);
  const entries = select(sqlPrefilter(filters), bySeq?.descending ?? false);
  return filterList(views(entries), filters, bySeq ? bySeq.rest : options, limits);
}
