import { RpcError } from '../rpc/rpc-error';
import { isSeq, isString, RequestReader, SEQ_MESSAGE, STRING_MESSAGE } from '../rpc/request-reader';
import { readSessionsFields, type SessionsQuery } from '../query/sessions-request';

export interface SeqRange {
  fromSeq?: number;
  toSeq?: number;
}

function readRange(reader: RequestReader, ordered = true): SeqRange {
  const fromSeq = reader.optional('from_seq', isSeq, SEQ_MESSAGE);
  const toSeq = reader.optional('to_seq', isSeq, SEQ_MESSAGE);
  if (ordered && fromSeq !== undefined && toSeq !== undefined && toSeq < fromSeq) {
    reader.fail('to_seq', 'Input should be greater than or equal to from_seq');
  }
  return { fromSeq, toSeq };
}

/** `audit.log.query` */
export function parseLogQueryRequest(data: unknown): { filters: unknown; options: unknown } {
  const reader = new RequestReader(data, ['filters', 'options']);
  reader.done();
  return { filters: reader.raw('filters') ?? [], options: reader.raw('options') ?? {} };
}

/**
 * `audit.log.verify`. A range that starts after the log's last seq, or ends before it starts, is
 * refused naming the range and the last seq; one that ends after the last seq checks up to it.
 */
export function parseVerifyRequest(data: unknown, lastSeq: number): SeqRange & { rootAt?: number } {
  const reader = new RequestReader(data, ['from_seq', 'to_seq', 'root_at']);
  const range = readRange(reader, false);
  const rootAt = reader.optional('root_at', isSeq, SEQ_MESSAGE);
  reader.done();
  const { fromSeq, toSeq } = range;
  const wanted = `from_seq ${fromSeq ?? 1} to ${toSeq === undefined ? 'the end' : `to_seq ${toSeq}`}`;
  const log = lastSeq === 0 ? 'the log is empty' : `the log's seqs are 1 to ${lastSeq}`;
  if (fromSeq !== undefined && toSeq !== undefined && toSeq < fromSeq) {
    throw RpcError.badRequest(`bad range ${wanted}: to_seq is before from_seq (${log})`);
  }
  if (fromSeq !== undefined && fromSeq > lastSeq) {
    throw RpcError.badRequest(`bad range ${wanted}: it starts after the log's last seq (${log})`);
  }
  if (rootAt !== undefined && (rootAt < 1 || rootAt > lastSeq)) {
    throw RpcError.badRequest(
      `bad root_at ${rootAt}: the tree's sizes are 1 to ${lastSeq} (${log})`,
    );
  }
  return rootAt === undefined ? range : { ...range, rootAt };
}

/** `audit.replay` */
export function parseReplayRequest(data: unknown): SeqRange & { filters: unknown } {
  const reader = new RequestReader(data, ['from_seq', 'to_seq', 'filters']);
  const range = readRange(reader);
  reader.done();
  return { ...range, filters: reader.raw('filters') ?? [] };
}

export type SessionsAtQuery = Omit<SessionsQuery, 'afterSeq'> & { atMs?: number; seq?: number };

/** `audit.sessions.at`: exactly one of `at` (RFC 3339) or `seq`. */
export function parseSessionsAtRequest(data: unknown): SessionsAtQuery {
  const reader = new RequestReader(data, [
    'at',
    'seq',
    'filters',
    'options',
    'host',
    'caller_session_id',
  ]);
  const fields = readSessionsFields(reader);
  return { ...fields, ...readPointInTime(reader) };
}

/** A point of the log's history: a time (RFC 3339) or a log seq. */
export interface PointInTime {
  atMs?: number;
  seq?: number;
}

/** Reads exactly one of `at` or `seq`, then ends the reader (a 400 for anything amiss). */
function readPointInTime(reader: RequestReader): PointInTime {
  const at = reader.optional('at', isString, STRING_MESSAGE);
  const seq = reader.optional('seq', isSeq, SEQ_MESSAGE);
  let atMs: number | undefined;
  if (at !== undefined) {
    atMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(at)
      ? Date.parse(at)
      : Number.NaN;
    if (Number.isNaN(atMs))
      reader.fail('at', 'Input should be an RFC 3339 time with Z or an offset');
  }
  reader.done();
  if ((at === undefined) === (seq === undefined)) {
    throw RpcError.badRequest('give exactly one of "at" (an RFC 3339 time) or "seq" (a log seq)');
  }
  return { atMs, seq };
}

/** A validated `audit.alerts` request. */
export interface AlertsQuery {
  filters: unknown;
  options: unknown;
  afterSeq?: number;
}

/** `audit.alerts`: filters, options and `after_seq`, as `auth.sessions`. */
export function parseAlertsRequest(data: unknown): AlertsQuery {
  const reader = new RequestReader(data, ['filters', 'options', 'after_seq']);
  const query = {
    filters: reader.raw('filters') ?? [],
    options: reader.raw('options') ?? {},
    afterSeq: reader.optional('after_seq', isSeq, SEQ_MESSAGE),
  };
  reader.done();
  return query;
}

/** `audit.alerts.at`: exactly one of `at` (RFC 3339) or `seq`, plus filters and options. */
export function parseAlertsAtRequest(data: unknown): Omit<AlertsQuery, 'afterSeq'> & PointInTime {
  const reader = new RequestReader(data, ['at', 'seq', 'filters', 'options']);
  const query = { filters: reader.raw('filters') ?? [], options: reader.raw('options') ?? {} };
  return { ...query, ...readPointInTime(reader) };
}

/** A page of `audit.stats`' per-host part: hosts sorted by name, from `offset`, `limit` of them. */
export interface StatsPage {
  offset: number;
  limit?: number;
}

/** Most hosts one page of `audit.stats` may ask for. */
export const STATS_PAGE_MAX = 10_000;

/** `audit.stats`: `{}`, or `{"options": {"limit": n, "offset": n}}` to page the per-host part. */
export function parseStatsRequest(data: unknown): StatsPage | undefined {
  const reader = new RequestReader(data, ['options']);
  const options = reader.raw('options');
  let page: StatsPage | undefined;
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    const { limit, offset, ...extra } = options as Record<string, unknown>;
    for (const key of Object.keys(extra))
      reader.fail(`options.${key}`, 'Extra inputs are not permitted');
    const limitOk = limit === undefined || (isSeq(limit) && limit >= 1 && limit <= STATS_PAGE_MAX);
    if (!limitOk)
      reader.fail('options.limit', `Input should be an integer from 1 to ${STATS_PAGE_MAX}`);
    if (offset !== undefined && !isSeq(offset)) reader.fail('options.offset', SEQ_MESSAGE);
    page = { offset: isSeq(offset) ? offset : 0, ...(limitOk && limit !== undefined && { limit }) };
  } else if (options !== undefined) {
    reader.fail('options', 'Input should be an object with "limit" and "offset"');
  }
  reader.done();
  return page;
}
