import { MAX_REQUESTED_BY } from '@authtrail/contracts';
import { HOST_MESSAGE, isHost, RequestReader } from '../rpc/request-reader';

/** Who asked and from which session, as the request said (recorded as given). */
export interface Requester {
  requestedBy?: string;
  callerSessionId?: string;
}

/** A validated `auth.terminate_session` request. */
export interface TerminateSessionQuery extends Requester {
  id: string;
  host?: string;
}

/** A validated `auth.terminate_other_sessions` request. */
export interface TerminateOthersQuery extends Requester {
  callerSessionId: string;
  host?: string;
}

const MAX_SESSION_ID = 128;
const SESSION_ID_MESSAGE = `Input should be a string of 1 to ${MAX_SESSION_ID} characters`;
const REQUESTED_BY_MESSAGE = `Input should be a string of 1 to ${MAX_REQUESTED_BY} characters`;

const textOf =
  (max: number) =>
  (value: unknown): value is string =>
    typeof value === 'string' && value.length >= 1 && value.length <= max;
/** A session id as events carry it (contract §2): 1-128 characters. */
const isSessionId = textOf(MAX_SESSION_ID);
const isRequestedBy = textOf(MAX_REQUESTED_BY);

function readRequester(reader: RequestReader): { host?: string; requestedBy?: string } {
  return {
    host: reader.optional('host', isHost, HOST_MESSAGE),
    requestedBy: reader.optional('requested_by', isRequestedBy, REQUESTED_BY_MESSAGE),
  };
}

/** `auth.terminate_session {id, host?, requested_by?, caller_session_id?}` */
export function parseTerminateSessionRequest(data: unknown): TerminateSessionQuery {
  const reader = new RequestReader(data, ['id', 'host', 'requested_by', 'caller_session_id']);
  const id = reader.required('id', isSessionId, SESSION_ID_MESSAGE);
  const query = {
    id: id as string,
    ...readRequester(reader),
    callerSessionId: reader.optional('caller_session_id', isSessionId, SESSION_ID_MESSAGE),
  };
  reader.done();
  return query;
}

/** `auth.terminate_other_sessions {caller_session_id, host?, requested_by?}` */
export function parseTerminateOthersRequest(data: unknown): TerminateOthersQuery {
  const reader = new RequestReader(data, ['caller_session_id', 'host', 'requested_by']);
  const caller = reader.required('caller_session_id', isSessionId, SESSION_ID_MESSAGE);
  const query = { callerSessionId: caller as string, ...readRequester(reader) };
  reader.done();
  return query;
}
