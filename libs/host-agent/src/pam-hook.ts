import { randomUUID } from 'node:crypto';
import type { AuthEvent } from '@authtrail/contracts';
import { readBootId } from '@authtrail/publisher';
import type { HostSettings } from './host-config';
import { EventSpool } from './event-spool';
import {
  pamLoginEvent,
  pamLoginFailedEvent,
  pamLogoutEvent,
  type PamEventContext,
} from './pam-events';
import { pamOrigin } from './pam-origin';
import { parsePamRequest, type Env, type PamRequest } from './pam-request';
import { processInfo } from './process-info';
import { sessionKey, type SessionRecord } from './session-record';
import { SessionRecords } from './session-records';

/** How one `authtrail pam` call ended before sending: the exit status and what to say. */
export interface PamOutcome {
  /** 0: spooled (or nothing to send), 1: an error, 2: bad PAM variables or an odd call. */
  code: number;
  message?: string;
  /** Events written to the spool by this call. */
  spooled: number;
}

export interface PamCall {
  env: Env;
  /** The PAM-calling process: pam_exec's parent, whose child this command is. */
  callerPid: number;
  now: Date;
  /** Whether bytes wait on standard input (stdinHoldsData). */
  passwordOnStdin: () => boolean | undefined;
}

const EXPOSE_AUTHTOK =
  'standard input holds data (pam_exec.so expose_authtok?): authtrail pam needs no password and ' +
  'never reads one; remove expose_authtok from the PAM line. Nothing recorded';

/**
 * Turns one pam_exec call into events in the spool: open_session records the session (a new
 * UUID, and the calling process) and spools its login; close_session finds that record again
 * and spools the logout; auth spools a login_failed. Nothing is sent here (sendSpool does), so
 * the events are safe on disk before any network is tried.
 */
export function recordPamCall(settings: HostSettings, call: PamCall): PamOutcome {
  const parsed = parsePamRequest(call.env);
  if ('problems' in parsed) return { code: 2, message: parsed.problems.join('; '), spooled: 0 };
  const request: PamRequest = parsed;
  if (request.type === 'auth' && call.passwordOnStdin()) {
    return { code: 2, message: EXPOSE_AUTHTOK, spooled: 0 };
  }
  const origin = pamOrigin(request.rhost, request.sshConnection);
  if ('problem' in origin) return { code: 2, message: origin.problem, spooled: 0 };
  const bootId = readBootId(settings.bootIdFile);
  if (bootId === undefined) {
    return { code: 1, message: `no boot id in ${settings.bootIdFile}`, spooled: 0 };
  }
  const context: PamEventContext = {
    host: settings.host,
    bootId,
    occurredAt: call.now,
    origin: origin.origin,
  };
  const spool = new EventSpool(settings.spoolDir);
  if (request.type === 'auth') {
    spool.add(pamLoginFailedEvent(request, context));
    return { code: 0, spooled: 1 };
  }

  const caller = processInfo(call.callerPid);
  if (caller === undefined) {
    return { code: 1, message: `the calling process ${call.callerPid} is gone`, spooled: 0 };
  }
  const records = new SessionRecords(settings.stateDir);
  const key = sessionKey({
    pid: call.callerPid,
    pidStart: caller.startTime,
    service: request.service,
    user: request.user,
    tty: request.tty,
  });
  const earlier = records.get(key);
  if (request.type === 'close_session') {
    if (earlier === undefined) {
      return {
        code: 1,
        message: `no open session of ${request.user} on ${request.tty ?? 'no tty'} (${request.service}) was recorded by process ${call.callerPid}: no logout sent`,
        spooled: 0,
      };
    }
    if (earlier.terminating) {
      records.remove(key);
      return {
        code: 0,
        message: `session ${earlier.session_id} was terminated: its logout (TERMINATED) is the terminate command's`,
        spooled: 0,
      };
    }
    spool.add(pamLogoutEvent(context, earlier.session_id));
    records.remove(key);
    return { code: 0, spooled: 1 };
  }

  // open_session. The same process opening the same user's session on the same tty again has
  // left the earlier one: it is logged out first, so that no session stays open for ever.
  const events: AuthEvent[] = [];
  if (earlier !== undefined && !earlier.terminating) {
    events.push(pamLogoutEvent(context, earlier.session_id));
  }
  const sessionId = randomUUID();
  const record: SessionRecord = {
    session_id: sessionId,
    pid: call.callerPid,
    pid_start: caller.startTime,
    boot_id: bootId,
    service: request.service,
    user: request.user,
    ...(request.tty === undefined ? {} : { tty: request.tty }),
    opened_at: call.now.toISOString(),
  };
  events.push(pamLoginEvent(request, context, sessionId));
  records.put(key, record);
  for (const event of events) spool.add(event);
  return { code: 0, spooled: events.length };
}
