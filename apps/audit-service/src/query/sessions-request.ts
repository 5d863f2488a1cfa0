import { EINVAL, HOST_PATTERN, type ValidationItem } from '@authtrail/contracts';
import { MalformedRequest } from '../rpc/json-request.deserializer';
import { RpcError } from '../rpc/rpc-error';

/** A validated `auth.sessions` request (contract §5). */
export interface SessionsQuery {
  filters: unknown;
  options: unknown;
  host?: string;
  callerSessionId?: string;
  afterSeq?: number;
}

const KEYS = new Set(['filters', 'options', 'host', 'caller_session_id', 'after_seq']);

/** Checks the request's shape; filters and options are checked by the query engine. */
export function parseSessionsRequest(data: unknown): SessionsQuery {
  if (data instanceof MalformedRequest) throw RpcError.badRequest(data.reason);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw RpcError.badRequest('the request must be a JSON object');
  }
  const body = data as Record<string, unknown>;
  const errors: ValidationItem[] = [];
  for (const key of Object.keys(body)) {
    if (!KEYS.has(key)) errors.push([key, 'Extra inputs are not permitted', EINVAL]);
  }
  const { host, caller_session_id: caller, after_seq: afterSeq } = body;
  if (host !== undefined && (typeof host !== 'string' || !HOST_PATTERN.test(host))) {
    errors.push(['host', 'Input should be a host name of 1-64 of [A-Za-z0-9_-]', EINVAL]);
  }
  if (caller !== undefined && typeof caller !== 'string') {
    errors.push(['caller_session_id', 'Input should be a valid string', EINVAL]);
  }
  if (afterSeq !== undefined && !(Number.isSafeInteger(afterSeq) && (afterSeq as number) >= 0)) {
    errors.push(['after_seq', 'Input should be a non-negative integer', EINVAL]);
  }
  if (errors.length > 0) throw RpcError.badRequest('Invalid params', errors);
  return {
    filters: body.filters ?? [],
    options: body.options ?? {},
    host: host as string | undefined,
    callerSessionId: caller as string | undefined,
    afterSeq: afterSeq as number | undefined,
  };
}
