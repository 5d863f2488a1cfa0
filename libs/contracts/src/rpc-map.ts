import type {
  LogQueryRequest,
  LogQueryResult,
  ReplayChunk,
  ReplayRequest,
  SessionsAtRequest,
  StatsReply,
  StatsRequest,
  VerifyReply,
  VerifyRequest,
} from './audit-rpc';
import type { AlertsAtRequest, AlertsRequest, AlertsResult } from './alerts';
import type {
  CheckpointReply,
  CheckpointRequest,
  ConsistencyProofReply,
  ConsistencyProofRequest,
  InclusionProofReply,
  InclusionProofRequest,
} from './transparency';
import type { TerminateOtherSessionsRequest, TerminateSessionRequest } from './host-commands';
import type { SessionField, SessionsRequest, SessionsResult } from './sessions-query';
import { Subjects } from './subjects';

/** `auth.sessions.<field>`: the sessions query answering one row field. */
export type SessionsFieldSubject<F extends SessionField = SessionField> =
  `${typeof Subjects.sessions}.${F}`;

/** An RPC's request body and the `result` of its reply (contract §5). */
export interface Rpc<Request, Reply> {
  request: Request;
  reply: Reply;
}

type SessionsFieldRpcs = {
  [S in SessionsFieldSubject]: Rpc<SessionsRequest, SessionsResult>;
};

/**
 * Every RPC subject with its request and reply. `audit.replay` streams: its `reply` is the
 * `result` of each message before the empty one that closes the stream.
 */
export interface RpcMap extends SessionsFieldRpcs {
  [Subjects.sessions]: Rpc<SessionsRequest, SessionsResult>;
  [Subjects.logQuery]: Rpc<LogQueryRequest, LogQueryResult>;
  [Subjects.logVerify]: Rpc<VerifyRequest, VerifyReply>;
  [Subjects.sessionsAt]: Rpc<SessionsAtRequest, SessionsResult>;
  [Subjects.stats]: Rpc<StatsRequest, StatsReply>;
  [Subjects.replay]: Rpc<ReplayRequest, ReplayChunk>;
  [Subjects.checkpoint]: Rpc<CheckpointRequest, CheckpointReply>;
  [Subjects.inclusionProof]: Rpc<InclusionProofRequest, InclusionProofReply>;
  [Subjects.consistencyProof]: Rpc<ConsistencyProofRequest, ConsistencyProofReply>;
  [Subjects.terminateSession]: Rpc<TerminateSessionRequest, boolean>;
  [Subjects.terminateOtherSessions]: Rpc<TerminateOtherSessionsRequest, boolean>;
  [Subjects.alerts]: Rpc<AlertsRequest, AlertsResult>;
  [Subjects.alertsAt]: Rpc<AlertsAtRequest, AlertsResult>;
}

export type RpcSubject = keyof RpcMap;

/** The subjects answered with one reply message (all but `audit.replay`). */
export type SingleReplySubject = Exclude<RpcSubject, typeof Subjects.replay>;
