import type { AuthEvent, LogEntry } from '@authtrail/contracts';
import { toLogEntry } from '../../../test/fixtures/log-entries';
import {
  BOOT_A,
  BOOT_B,
  booted,
  loggedIn,
  loggedOut,
  terminated,
} from '../../../test/fixtures/auth-events';
import { activeSessions, HostRequiredError, resolveHost } from './active-sessions';
import { evolve, foldEntries } from './evolve';
import { initialSessionsState, type SessionsState } from './sessions-state';

/** Entries as JetStream stores events published one second after they occurred. */
function entries(...events: AuthEvent[]): LogEntry[] {
  return events.map((event, index) => ({
    ...toLogEntry(event, index + 1, index + 10),
    recorded_at: new Date(Date.parse(event.occurred_at) + 1000).toISOString(),
  }));
}

const fold = (...events: AuthEvent[]) => foldEntries(initialSessionsState(), entries(...events));
const ids = (state: SessionsState, host = 'truenas', caller?: string) =>
  [...activeSessions(state, host, caller)].map((row) => row.id);

describe('evolve', () => {
  it('opens a session on login with the seven TrueNAS fields', () => {
    const state = fold(loggedIn({ sessionId: 's1', occurred_at: '2023-07-25T17:54:49.765Z' }));
    expect([...activeSessions(state, 'truenas')]).toEqual([
      {
        id: 's1',
        current: false,
        internal: false,
        origin: '192.168.1.50:51234',
        credentials: 'LOGIN_PASSWORD',
        credentials_data: { username: 'truenas_admin' },
        created_at: { $date: Date.parse('2023-07-25T17:54:49Z') },
      },
    ]);
    expect(state.lastSeq).toBe(1);
    expect(state.lastStreamSeq).toBe(10);
  });

  it("counts a terminate record and changes no session: the host's logout ends it", () => {
    const state = fold(loggedIn({ sessionId: 's1' }), terminated('s1'));
    expect(ids(state)).toEqual(['s1']);
    expect(state.entryCounts.get('truenas')).toEqual({ login: 1, terminate: 1 });
    const ended = fold(loggedIn({ sessionId: 's1' }), loggedOut('s1'), terminated('s1'));
    expect(ids(ended)).toEqual([]);
    expect(ended.counters.unknownLogouts).toBe(0);
  });

  it('marks only the caller row current, without changing the stored row', () => {
    const state = fold(loggedIn({ sessionId: 'a' }), loggedIn({ sessionId: 'b' }));
    expect([...activeSessions(state, 'truenas', 'b')].map((r) => r.current)).toEqual([false, true]);
    expect([...activeSessions(state, 'truenas')].map((r) => r.current)).toEqual([false, false]);
  });

  it('ends a session on logout and counts a logout of an unknown session', () => {
    const state = fold(loggedIn({ sessionId: 'a' }), loggedOut('a'), loggedOut('zzz'));
    expect(ids(state)).toEqual([]);
    expect(state.counters.unknownLogouts).toBe(1);
  });

  it('ignores and counts a second login for a live id', () => {
    const first = loggedIn({ sessionId: 'a', occurred_at: '2025-01-15T09:00:00Z' });
    const state = fold(first, loggedIn({ sessionId: 'a', occurred_at: '2025-01-15T09:30:00Z' }));
    expect([...activeSessions(state, 'truenas')][0].created_at).toEqual({
      $date: Date.parse('2025-01-15T09:00:00Z'),
    });
    expect(state.counters.duplicateLogins).toBe(1);
  });

  it('keeps sessions oldest first when a login arrives late', () => {
    const state = fold(
      loggedIn({ sessionId: 'b', occurred_at: '2025-01-15T09:05:00Z' }),
      loggedIn({ sessionId: 'c', occurred_at: '2025-01-15T09:10:00Z' }),
      loggedIn({ sessionId: 'a', occurred_at: '2025-01-15T09:00:00Z' }),
    );
    expect(ids(state)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the order when the newest session has logged out and earlier logins arrive late', () => {
    const at = (minute: number) => `2025-01-15T09:${String(minute).padStart(2, '0')}:00Z`;
    const state = fold(
      loggedIn({ sessionId: 'a', occurred_at: at(0) }),
      loggedIn({ sessionId: 'c', occurred_at: at(20) }),
      loggedOut('c'),
      loggedIn({ sessionId: 'b', occurred_at: at(10) }),
      loggedIn({ sessionId: 'x', occurred_at: at(5) }),
      loggedIn({ sessionId: 'd', occurred_at: at(30) }),
      loggedIn({ sessionId: 'e', occurred_at: at(30) }),
    );
    expect(ids(state)).toEqual(['a', 'x', 'b', 'd', 'e']);
  });

  it('clears earlier sessions on boot, but not on a boot event of the current boot', () => {
    const sameBoot = fold(loggedIn({ sessionId: 'a' }), booted({ boot_id: BOOT_A }));
    expect(ids(sameBoot)).toEqual(['a']);
    const rebooted = fold(loggedIn({ sessionId: 'a' }), booted({ boot_id: BOOT_B }));
    expect(ids(rebooted)).toEqual([]);
  });

  it('starts a new boot on a login with a new boot_id', () => {
    const state = fold(
      loggedIn({ sessionId: 'a' }),
      loggedIn({ sessionId: 'b', boot_id: BOOT_B, occurred_at: '2025-01-15T12:00:00Z' }),
    );
    expect(ids(state)).toEqual(['b']);
  });

  it('logs but does not apply events of an earlier boot', () => {
    const state = fold(
      loggedIn({ sessionId: 'a' }),
      booted({ boot_id: BOOT_B }),
      loggedIn({ sessionId: 'old', boot_id: BOOT_A }),
      loggedOut('x', { boot_id: BOOT_A }),
      loggedIn({
        sessionId: 'older',
        boot_id: 'b0b0b0b0-0000-4000-8000-000000000000',
        occurred_at: '2020-01-01T00:00:00Z',
      }),
    );
    expect(ids(state)).toEqual([]);
    expect(state.counters.staleEvents).toBe(3);
    expect(state.hosts.get('truenas')?.bootId).toBe(BOOT_B);
  });

  it('keeps hosts apart', () => {
    const state = fold(
      loggedIn({ sessionId: 'a' }),
      loggedIn({ sessionId: 'b', host: 'nas2' }),
      booted({ host: 'nas2' }),
    );
    expect(ids(state, 'truenas')).toEqual(['a']);
    expect(ids(state, 'nas2')).toEqual([]);
    expect(() => resolveHost(state, undefined)).toThrow(HostRequiredError);
    expect(resolveHost(state, 'nas2')).toBe('nas2');
  });

  it('counts failed logins and changes no session', () => {
    const failed: AuthEvent = {
      event_id: 'f',
      kind: 'login_failed',
      version: 1,
      occurred_at: '2025-01-15T09:00:00Z',
      host: 'truenas',
      boot_id: BOOT_A,
      origin: '10.0.0.1:1',
      credentials: 'LOGIN_PASSWORD',
      credentials_data: {},
      error: 'bad password',
    };
    const state = fold(loggedIn({ sessionId: 'a' }), failed);
    expect(ids(state)).toEqual(['a']);
    expect(state.counters.loginFailures).toBe(1);
  });

  it('is deterministic: the same entries give the same state', () => {
    const list = entries(
      loggedIn({ sessionId: 'a' }),
      loggedIn({ sessionId: 'b' }),
      loggedOut('a'),
      booted(),
    );
    const one = foldEntries(initialSessionsState(), list);
    const two = initialSessionsState();
    for (const entry of list) evolve(two, entry);
    expect(two).toEqual(one);
  });

  it('yields nothing for an unknown host', () => {
    expect(ids(fold(loggedIn()), 'other')).toEqual([]);
    expect(resolveHost(initialSessionsState(), undefined)).toBeUndefined();
  });
});
