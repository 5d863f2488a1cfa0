import type { LogEntry } from '@authtrail/contracts';
import type { LogReads } from '@authtrail/event-log';
import { compileQuery, type CompiledQuery, type QueryLimits } from '@authtrail/filter-list';
import { toLogEntryView } from './log-entry-view';

/** One window of a replay: the entries of a seq range that match the filters, as JSON texts. */
export interface ReplayWindowJob {
  fromSeq: number;
  toSeq: number;
  /** The replay's filters (the same language as audit.log.query), or none. */
  filters: unknown;
  limits: QueryLimits;
}

/**
 * The last few compiled filters of this thread: a replay asks for window after window, and each
 * thread compiles a replay's filters once.
 */
const compiled = new Map<string, CompiledQuery>();
const COMPILED_KEPT = 16;

function compiledFor(filters: unknown, limits: QueryLimits): CompiledQuery {
  const key = JSON.stringify([filters, limits]);
  let query = compiled.get(key);
  if (!query) {
    query = compileQuery(filters, {}, limits);
    compiled.set(key, query);
    if (compiled.size > COMPILED_KEPT) compiled.delete(compiled.keys().next().value as string);
  }
  return query;
}

/** The entries whose query view matches (entries are whole again, as stored). */
function matching(entries: LogEntry[], query: CompiledQuery): LogEntry[] {
  const byView = new Map(entries.map((entry) => [toLogEntryView(entry), entry]));
  const kept = query.run(byView.keys()) as object[];
  return kept.map((view) => byView.get(view as never) as LogEntry);
}

/**
 * Reads one window along seq (it costs at most its seqs, whatever the filters): without filters
 * the stored texts as they are (no parse), with filters the entries the query engine keeps,
 * serialised in the same key order.
 */
export function readReplayWindow(reads: LogReads, job: ReplayWindowJob): string[] {
  const window = { fromSeq: job.fromSeq, toSeq: job.toSeq, bySeq: true };
  const filtered = Array.isArray(job.filters) && job.filters.length > 0;
  if (!filtered) return [...reads.entryTexts(window)];
  const query = compiledFor(job.filters, job.limits);
  return matching([...reads.entries({ ...window, filters: query.filters })], query).map((entry) =>
    JSON.stringify(entry),
  );
}
