import {
  HOST_MESSAGE,
  isHost,
  isSeq,
  isString,
  RequestReader,
  SEQ_MESSAGE,
  STRING_MESSAGE,
} from '../rpc/request-reader';

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
