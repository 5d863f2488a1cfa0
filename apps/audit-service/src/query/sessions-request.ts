import { SESSION_FIELDS, type SessionField } from '@authtrail/contracts';
import {
  HOST_MESSAGE,
  isHost,
  isSeq,
  isString,
  RequestReader,
  SEQ_MESSAGE,
  STRING_MESSAGE,
} from '../rpc/request-reader';
import { RpcError } from '../rpc/rpc-error';

/** A validated `auth.sessions` request (contract §5); filters and options go to the engine. */
export interface SessionsQuery {
  filters: unknown;
  options: unknown;
  host?: string;
  callerSessionId?: string;
  afterSeq?: number;
}

const KEYS = ['filters', 'options', 'host', 'caller_session_id', 'after_seq'];

/** Reads the fields every sessions query has, from a reader that allows them. */
export function readSessionsFields(reader: RequestReader): SessionsQuery {
  return {
    filters: reader.raw('filters') ?? [],
    options: reader.raw('options') ?? {},
    host: reader.optional('host', isHost, HOST_MESSAGE),
    callerSessionId: reader.optional('caller_session_id', isString, STRING_MESSAGE),
  };
}

export function parseSessionsRequest(data: unknown): SessionsQuery {
  const reader = new RequestReader(data, KEYS);
  const query = {
    ...readSessionsFields(reader),
    afterSeq: reader.optional('after_seq', isSeq, SEQ_MESSAGE),
  };
  reader.done();
  return query;
}

/** The row field of `auth.sessions.<field>`; a 404 naming the fields for any other last word. */
export function parseSessionField(subject: string): SessionField {
  const field = subject.split('.').pop() ?? '';
  if (!(SESSION_FIELDS as readonly string[]).includes(field)) {
    throw RpcError.notFound(`no field "${field}": use one of ${SESSION_FIELDS.join(', ')}`);
  }
  return field as SessionField;
}
