import type { AuthEvent, LogEntry } from '@authtrail/contracts';
import { toLogEntry } from '../../../test/fixtures/log-entries';
import { BOOT_A, BOOT_B, booted, loggedIn, loggedOut } from '../../../test/fixtures/auth-events';
import { activeSessions } from './active-sessions';
import { EARLY_LOGOUTS_PER_HOST, ENDED_BOOTS_PER_HOST, foldEntries } from './evolve';
import { initialSessionsState, type SessionsState } from './sessions-state';

const BOOT_C = '8f4e3a6b-0c5d-4e7f-9a8b-2c3d4e5f6a7b';
const BOOT_D = '9a5f4b7c-1d6e-4f80-8b9c-3d4e5f6a7b8c';

/** Events with the time JetStream stored each (trusted), in log order. */
function fold(...published: [event: AuthEvent, recordedAt: string][]): SessionsState {
  const entries: LogEntry[] = published.map(([event, recordedAt], index) => ({
    ...toLogEntry(event, index + 1),
    recorded_at: recordedAt,
  }));
  return foldEntries(initialSessionsState(), entries);
}

/** An event published promptly: stored one second after it occurred. */
const prompt = (event: AuthEvent): [AuthEvent, string] => [
  event,
  new Date(Date.parse(event.occurred_at) + 1000).toISOString(),
];

const ids = (state: SessionsState) => [...activeSessions(state, 'truenas')].map((r) => r.id);
const login = (id: string, boot: string, at: string) =>
  loggedIn({ sessionId: id, boot_id: boot, occurred_at: at });

describe('evolve: which boot is current', () => {
  it('lets later real boots start after a boot dated 9999-12-31', () => {
    const state = fold(
      prompt(login('a', BOOT_A, '2025-01-15T09:00:00Z')),
      [booted({ boot_id: BOOT_B, occurred_at: '9999-12-31T23:59:59Z' }), '2025-01-15T09:10:00Z'],
      prompt(booted({ boot_id: BOOT_C, occurred_at: '2025-01-15T10:00:00Z' })),
      prompt(login('c', BOOT_C, '2025-01-15T10:01:00Z')),
      prompt(booted({ boot_id: BOOT_D, occurred_at: '2025-01-16T08:00:00Z' })),
      prompt(login('d', BOOT_D, '2025-01-16T08:01:00Z')),
    );
    expect(ids(state)).toEqual(['d']);
    expect(state.counters.staleEvents).toBe(0);
    expect(state.hosts.get('truenas')?.bootStartedAt).toBe(Date.parse('2025-01-16T08:00:00Z'));
  });

  it('does not let a login dated 0001-01-01 open the door to a late event of an older boot', () => {
    const state = fold(
      prompt(booted({ boot_id: BOOT_B, occurred_at: '2025-01-15T11:00:00Z' })),
      prompt(login('b', BOOT_B, '2025-01-15T11:01:00Z')),
      [login('ancient', BOOT_B, '0001-01-01T00:00:00Z'), '2025-01-15T11:02:00Z'],
      // An unseen boot, published late, that occurred before BOOT_B started.
      [login('old', BOOT_A, '2025-01-15T10:30:00Z'), '2025-01-15T11:03:00Z'],
      prompt(login('b2', BOOT_B, '2025-01-15T11:04:00Z')),
    );
    expect(ids(state)).toEqual(['ancient', 'b', 'b2']);
    expect(state.hosts.get('truenas')?.bootId).toBe(BOOT_B);
    expect(state.counters.staleEvents).toBe(1);
  });

  it("logs but does not apply a previous boot's events published after the new boot's", () => {
    // The host buffered BOOT_A's last events, rebooted, and sent them after BOOT_B's first ones.
    const state = fold(
      prompt(booted({ boot_id: BOOT_B, occurred_at: '2025-01-15T11:00:00Z' })),
      prompt(login('new', BOOT_B, '2025-01-15T11:01:00Z')),
      [login('buffered', BOOT_A, '2025-01-15T10:50:00Z'), '2025-01-15T11:02:00Z'],
      [
        loggedOut('x', { boot_id: BOOT_A, occurred_at: '2025-01-15T10:55:00Z' }),
        '2025-01-15T11:02:01Z',
      ],
      prompt(login('new2', BOOT_B, '2025-01-15T11:05:00Z')),
    );
    expect(ids(state)).toEqual(['new', 'new2']);
    expect(state.hosts.get('truenas')?.bootId).toBe(BOOT_B);
    expect(state.counters.staleEvents).toBe(2);
    expect(state.counters.unknownLogouts).toBe(0);
  });

  it('starts the newer boot when a buffer of both boots is sent oldest first', () => {
    // Offline across a reboot; both boots' events stored at once after the outage, in order.
    const state = fold(
      [login('a', BOOT_A, '2025-01-15T09:00:00Z'), '2025-01-15T12:00:00.001Z'],
      [
        booted({ boot_id: BOOT_B, occurred_at: '2025-01-15T10:00:00Z' }),
        '2025-01-15T12:00:00.002Z',
      ],
      [login('b', BOOT_B, '2025-01-15T10:01:00Z'), '2025-01-15T12:00:00.003Z'],
    );
    expect(ids(state)).toEqual(['b']);
  });

  it('starts a boot whose clock was far behind (a dead RTC), by log order', () => {
    const state = fold(
      prompt(login('a', BOOT_A, '2025-01-15T09:00:00Z')),
      [booted({ boot_id: BOOT_B, occurred_at: '1970-01-01T00:00:05Z' }), '2025-01-15T10:00:00Z'],
      [login('b', BOOT_B, '1970-01-01T00:01:00Z'), '2025-01-15T10:01:00Z'],
      prompt(login('b2', BOOT_B, '2025-01-15T10:30:00Z')),
      // Then a late event of a boot before BOOT_B, credible, is still recognised as earlier.
      [login('older', BOOT_C, '2025-01-15T09:30:00Z'), '2025-01-15T10:40:00Z'],
    );
    expect(ids(state)).toEqual(['b', 'b2']);
    expect(state.hosts.get('truenas')?.bootStartedAt).toBe(Date.parse('2025-01-15T10:00:00Z'));
    expect(state.counters.staleEvents).toBe(1);
  });

  it('cuts a boot dated in the future to its recorded time', () => {
    const state = fold(
      [booted({ boot_id: BOOT_A, occurred_at: '2025-01-15T12:00:00Z' }), '2025-01-15T09:00:00Z'],
      prompt(booted({ boot_id: BOOT_B, occurred_at: '2025-01-15T09:10:00Z' })),
      prompt(login('b', BOOT_B, '2025-01-15T09:11:00Z')),
    );
    expect(ids(state)).toEqual(['b']);
  });
});

describe('evolve: a logout that comes before its login', () => {
  it('ends the session when its login comes, within the current boot', () => {
    const state = fold(
      prompt(login('a', BOOT_A, '2025-01-15T09:00:00Z')),
      prompt(loggedOut('b', { occurred_at: '2025-01-15T09:06:00Z' })),
      prompt(login('b', BOOT_A, '2025-01-15T09:05:00Z')),
      prompt(login('c', BOOT_A, '2025-01-15T09:07:00Z')),
    );
    expect(ids(state)).toEqual(['a', 'c']);
    expect(state.counters).toMatchObject({
      unknownLogouts: 1,
      loginsAfterLogout: 1,
      staleEvents: 0,
      duplicateLogins: 0,
    });
    expect(state.earlyLogouts.size).toBe(0);
  });

  it("ends it too when the logout is the new boot's first event, without ending that boot", () => {
    const state = fold(
      prompt(login('a', BOOT_A, '2025-01-15T09:00:00Z')),
      prompt(loggedOut('b', { boot_id: BOOT_B, occurred_at: '2025-01-15T11:06:00Z' })),
      prompt(login('b', BOOT_B, '2025-01-15T11:05:00Z')),
      prompt(login('c', BOOT_B, '2025-01-15T11:07:00Z')),
    );
    expect(ids(state)).toEqual(['c']);
    expect(state.counters).toMatchObject({
      staleEvents: 0,
      unknownLogouts: 1,
      loginsAfterLogout: 1,
    });
  });

  it("ends it when the logout is the host's first event", () => {
    const state = fold(
      prompt(loggedOut('b', { occurred_at: '2025-01-15T09:06:00Z' })),
      prompt(login('b', BOOT_A, '2025-01-15T09:05:00Z')),
    );
    expect(state.hosts.has('truenas')).toBe(true);
    expect(ids(state)).toEqual([]);
    expect(state.counters).toMatchObject({
      staleEvents: 0,
      unknownLogouts: 1,
      loginsAfterLogout: 1,
    });
  });

  it('applies a logout only in its own boot', () => {
    const state = fold(
      prompt(loggedOut('s', { occurred_at: '2025-01-15T09:06:00Z' })),
      prompt(booted({ boot_id: BOOT_B, occurred_at: '2025-01-15T11:00:00Z' })),
      prompt(login('s', BOOT_B, '2025-01-15T11:05:00Z')),
    );
    expect(ids(state)).toEqual(['s']);
    expect(state.counters.loginsAfterLogout).toBe(0);
  });

  it(`remembers at most ${EARLY_LOGOUTS_PER_HOST} per host, forgetting the oldest first`, () => {
    const at = '2025-01-15T09:00:00Z';
    const logouts = Array.from({ length: EARLY_LOGOUTS_PER_HOST + 1 }, (_, i) =>
      prompt(loggedOut(`s${i}`, { occurred_at: at })),
    );
    const state = fold(
      ...logouts,
      prompt(loggedOut('other-host', { host: 'nas2', occurred_at: at })),
      prompt(login('s0', BOOT_A, at)),
      prompt(login(`s${EARLY_LOGOUTS_PER_HOST}`, BOOT_A, at)),
      prompt(loggedIn({ sessionId: 'other-host', host: 'nas2', occurred_at: at })),
    );
    expect(ids(state)).toEqual(['s0']);
    expect(state.earlyLogouts.get('truenas')?.size).toBe(EARLY_LOGOUTS_PER_HOST - 1);
    expect([...activeSessions(state, 'nas2')]).toEqual([]);
    expect(state.counters.loginsAfterLogout).toBe(2);
  });
});

describe('evolve: ended boots are bounded', () => {
  const bootId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const start = Date.parse('2025-01-15T00:00:00Z');
  const boots = Array.from({ length: ENDED_BOOTS_PER_HOST + 500 }, (_, n) =>
    prompt(booted({ boot_id: bootId(n), occurred_at: new Date(start + n * 60_000).toISOString() })),
  );

  it(`remembers at most ${ENDED_BOOTS_PER_HOST} ended boots per host, the oldest forgotten first`, () => {
    const host = fold(...boots).hosts.get('truenas');
    expect(host?.endedBoots.size).toBe(ENDED_BOOTS_PER_HOST);
    expect(host?.endedBoots.has(bootId(0))).toBe(false);
    expect(host?.endedBoots.has(bootId(boots.length - 2))).toBe(true);
    expect(host?.bootId).toBe(bootId(boots.length - 1));
  });

  it('still judges a late event of a forgotten boot by its credible time', () => {
    const lateOfFirst: [AuthEvent, string] = [
      login('late', bootId(0), new Date(start + 30_000).toISOString()),
      new Date(start + boots.length * 60_000).toISOString(),
    ];
    const state = fold(...boots, lateOfFirst);
    expect(state.hosts.get('truenas')?.bootId).toBe(bootId(boots.length - 1));
    expect(state.counters.staleEvents).toBe(1);
    expect(ids(state)).toEqual([]);
  });
});

describe('evolve: boot ids', () => {
  it('takes a boot id in upper case (as logged before ids were stored in lower case) for the same boot', () => {
    const state = fold(
      prompt(login('a', BOOT_A.toUpperCase(), '2025-01-15T09:00:00Z')),
      prompt(login('b', BOOT_A, '2025-01-15T09:01:00Z')),
      prompt(
        loggedOut('a', { boot_id: BOOT_A.toUpperCase(), occurred_at: '2025-01-15T09:02:00Z' }),
      ),
    );
    expect(ids(state)).toEqual(['b']);
    expect(state.counters.staleEvents).toBe(0);
    const both = fold(
      prompt(login('a', BOOT_A.toUpperCase(), '2025-01-15T09:00:00Z')),
      prompt(login('b', BOOT_A, '2025-01-15T09:01:00Z')),
    );
    expect(ids(both)).toEqual(['a', 'b']);
  });
});
