import type { JsonObject, LoginEvent, LoginFailedEvent, LogoutEvent } from '@authtrail/contracts';
import { loginEvent, loginFailedEvent, logoutEvent, type EventOrigin } from '@authtrail/publisher';
import type { PamRequest } from './pam-request';

/** PAM does not say how a user proved who they are; a password is what pam_unix checks. */
export const PAM_CREDENTIALS = 'LOGIN_PASSWORD';
/** The `error` of a login_failed: PAM tells pam_exec no more than that the check failed. */
export const PAM_AUTH_FAILED = 'PAM authentication failed';

/** Where and when, for every event of one `authtrail pam` call. */
export interface PamEventContext extends EventOrigin {
  occurredAt: Date;
  /** The session's origin (pamOrigin). */
  origin: string;
}

/** A time as TrueNAS writes one: `{"$date": ms}`, whole seconds (REF §1.4). */
const trueNasDate = (at: Date) => ({ $date: Math.floor(at.getTime() / 1000) * 1000 });

/**
 * REF §1.3's keys for a password login (`username`, `login_id`: the PAM session's id, `login_at`),
 * and the PAM service and terminal as `pam_service` and `pam_tty`, which the service keeps when
 * its operator declares them safe (AUTHTRAIL_SAFE_CREDENTIAL_KEYS) and redacts otherwise.
 */
function pamData(request: PamRequest, extra: JsonObject = {}): JsonObject {
  return {
    username: request.user,
    ...extra,
    pam_service: request.service,
    ...(request.tty === undefined ? {} : { pam_tty: request.tty }),
  };
}

/** open_session: the login of a new session `sessionId`. */
export function pamLoginEvent(
  request: PamRequest,
  context: PamEventContext,
  sessionId: string,
): LoginEvent {
  return loginEvent(context, {
    sessionId,
    internal: false,
    origin: context.origin,
    credentials: PAM_CREDENTIALS,
    credentialsData: pamData(request, {
      login_id: sessionId,
      login_at: trueNasDate(context.occurredAt),
    }),
  });
}

/** close_session: the logout of the session open_session recorded. */
export function pamLogoutEvent(context: EventOrigin, sessionId: string): LogoutEvent {
  return logoutEvent(context, sessionId, 'LOGOUT');
}

/** auth, after the password check failed: a login_failed naming the user as typed. */
export function pamLoginFailedEvent(
  request: PamRequest,
  context: PamEventContext,
): LoginFailedEvent {
  const cut =
    request.userCut === undefined
      ? ''
      : ` (user name cut to its first ${request.user.length} of ${request.userCut} characters)`;
  return loginFailedEvent(context, {
    origin: context.origin,
    credentials: PAM_CREDENTIALS,
    credentialsData: pamData(request),
    error: `${PAM_AUTH_FAILED}${cut}`,
  });
}
