import type { LogEntry } from '@authtrail/contracts';
import type { EntryCriteria } from '@authtrail/event-log';
import { compileQuery, type QueryLimits, type QueryResult } from '@authtrail/filter-list';
import { toLogEntryView } from './log-entry-view';

function* views(entries: Iterable<LogEntry>) {
  for (const entry of entries) yield toLogEntryView(entry);
}

/** An order_by that is only `seq` or `-seq` is done by reading the log in that order. */
export function seqOrder(orderBy: readonly string[]): 'ascending' | 'descending' | undefined {
  if (orderBy.length !== 1) return undefined;
  if (orderBy[0] === 'seq') return 'ascending';
  if (orderBy[0] === '-seq') return 'descending';
  return undefined;
}

/**
 * `audit.log.query` over the entries `select` reads: the query is compiled once, its filters on
 * indexed columns narrow the read, an order by seq is the read's own, and the query engine
 * decides exactly.
 */
export function queryLog(
  select: (criteria: EntryCriteria, descending: boolean) => Iterable<LogEntry>,
  filters: unknown,
  options: unknown,
  limits?: QueryLimits,
): QueryResult {
  const query = compileQuery(filters, options, limits);
  const order = seqOrder(query.options.orderBy);
  const entries = select({ filters: query.filters }, order === 'descending');
  return (order ? query.inGivenOrder() : query).run(views(entries));
}
