import { RpcError } from '../rpc/rpc-error';
import { isSeq, isString, RequestReader, SEQ_MESSAGE, STRING_MESSAGE } from '../rpc/request-reader';
import { readSessionsFields, type SessionsQuery } from '../query/sessions-request';

export interface SeqRange {
  fromSeq?: number;
  toSeq?: number;
}

function readRange(reader: RequestReader): SeqRange {
  const fromSeq = reader.optional('from_seq', isSeq, SEQ_MESSAGE);
  const toSeq = reader.optional('to_seq', isSeq, SEQ_MESSAGE);
  if (fromSeq !== undefined && toSeq !== undefined && toSeq < fromSeq) {
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

/** `audit.log.verify` */
export function parseVerifyRequest(data: unknown): SeqRange {
  const reader = new RequestReader(data, ['from_seq', 'to_seq']);
  const range = readRange(reader);
  reader.done();
  return range;
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
  return { ...fields, atMs, seq };
}
