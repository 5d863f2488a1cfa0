import { eventProblems } from '@authtrail/publisher';
import {
  pamLoginEvent,
  pamLoginFailedEvent,
  pamLogoutEvent,
  type PamEventContext,
} from './pam-events';
import type { PamRequest } from './pam-request';

const context: PamEventContext = {
  host: 'nas1',
  bootId: '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d',
  occurredAt: new Date('2025-01-15T10:00:00.654Z'),
  origin: '10.0.0.9:50022',
};
const request: PamRequest = { type: 'open_session', service: 'sshd', user: 'alice', tty: 'ssh' };
const SESSION = '8a21fefe-1255-42eb-a86d-8a7f74752b94';

describe('PAM events', () => {
  it('open_session: a login of LOGIN_PASSWORD with REF §1.3 keys, login_id the session id', () => {
    const event = pamLoginEvent(request, context, SESSION);
    expect(eventProblems(event)).toEqual([]);
    expect(event).toMatchObject({
      kind: 'login',
      host: 'nas1',
      boot_id: context.bootId,
      occurred_at: '2025-01-15T10:00:00.654Z',
      session: {
        id: SESSION,
        internal: false,
        origin: '10.0.0.9:50022',
        credentials: 'LOGIN_PASSWORD',
        credentials_data: {
          username: 'alice',
          login_id: SESSION,
          login_at: { $date: 1736935200000 },
          pam_service: 'sshd',
          pam_tty: 'ssh',
        },
      },
    });
  });

  it('leaves pam_tty out when PAM has no tty', () => {
    const event = pamLoginEvent({ ...request, tty: undefined }, context, SESSION);
    expect(Object.keys(event.session.credentials_data)).toEqual([
      'username',
      'login_id',
      'login_at',
      'pam_service',
    ]);
  });

  it('close_session: a logout LOGOUT of the same id', () => {
    const event = pamLogoutEvent(context, SESSION);
    expect(eventProblems(event)).toEqual([]);
    expect(event).toMatchObject({ kind: 'logout', session: { id: SESSION }, reason: 'LOGOUT' });
  });

  it('auth: a login_failed with the user as typed and the error PAM allows', () => {
    const failed = pamLoginFailedEvent(
      { type: 'auth', service: 'login', user: 'mallory' },
      context,
    );
    expect(eventProblems(failed)).toEqual([]);
    expect(failed).toMatchObject({
      kind: 'login_failed',
      origin: '10.0.0.9:50022',
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: 'mallory', pam_service: 'login' },
      error: 'PAM authentication failed',
    });
    const cut = pamLoginFailedEvent(
      { type: 'auth', service: 'login', user: 'x'.repeat(256), userCut: 300 },
      context,
    );
    expect(cut.error).toBe(
      'PAM authentication failed (user name cut to its first 256 of 300 characters)',
    );
  });

  it('gives every event its own id', () => {
    const ids = new Set([
      pamLoginEvent(request, context, SESSION).event_id,
      pamLogoutEvent(context, SESSION).event_id,
      pamLogoutEvent(context, SESSION).event_id,
    ]);
    expect(ids.size).toBe(3);
  });
});
