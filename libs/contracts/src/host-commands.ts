/**
 * Commands the service sends to a host over NATS request-reply, and the RPCs that send them
 * (docs/contract-notes.md, Terminating sessions). Each host answers only its own subjects.
 */
import type { RpcReply } from './errors';

export const COMMANDS_SUBJECT_PREFIX = 'auth.commands';
export const HOST_COMMANDS = ['terminate'] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

/** `auth.commands.<host>.<command>` */
export function hostCommandSubject(host: string, command: HostCommand): string {
  return `${COMMANDS_SUBJECT_PREFIX}.${host}.${command}`;
}

/** Every command subject of one host: what a host's NATS user may subscribe to. */
export function hostCommandsWildcard(host: string): string {
  return `${COMMANDS_SUBJECT_PREFIX}.${host}.>`;
}

/** Longest `requested_by` the RPCs take and a `terminate` record holds. */
export const MAX_REQUESTED_BY = 256;
/** Longest `error` a `terminate` record holds (a longer one is cut). */
export const MAX_TERMINATE_ERROR = 1024;

/** `auth.commands.<host>.terminate`: end this session. */
export interface TerminateCommand {
  /** A UUID naming this command; the service's `terminate` record carries it too. */
  request_id: string;
  /** The session's id, 1-128 characters. */
  session_id: string;
  requested_by?: string;
}

/**
 * The host's answer: whether it ended the session, and then the JetStream sequence of the logout
 * (reason TERMINATED) it published, so the service can wait for it to be applied.
 */
export interface TerminateCommandResult {
  terminated: boolean;
  stream_seq?: number;
}

export type TerminateCommandReply = RpcReply<TerminateCommandResult>;

/** `auth.terminate_session`: end one session of a host. */
export interface TerminateSessionRequest {
  id: string;
  /** May be left out when exactly one host is known. */
  host?: string;
  requested_by?: string;
  caller_session_id?: string;
}

/** `auth.terminate_other_sessions`: end every session of a host but the caller's and internal ones. */
export interface TerminateOtherSessionsRequest {
  caller_session_id: string;
  host?: string;
  requested_by?: string;
}

/** The first line of terminate_other_sessions' error; one line per failure follows (REF §2). */
export const TERMINATE_ALL_FAILED = 'Unable to terminate all sessions:';
