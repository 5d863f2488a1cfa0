import { booted, failedLogin, loggedIn, loggedOut } from '../../../test/fixtures/auth-events';
import { eventFieldProblems, isEventKind } from './event-problems';

const problems = (event: object) => eventFieldProblems(event as Record<string, unknown>);

describe('eventFieldProblems', () => {
  it('accepts a valid event of every kind, extra fields included', () => {
    for (const event of [loggedIn(), loggedOut('s1'), booted(), failedLogin()]) {
      expect(problems(JSON.parse(JSON.stringify(event)))).toEqual([]);
    }
    expect(problems({ ...booted(), extra: { any: 'thing' } })).toEqual([]);
    expect(problems({ ...loggedIn(), session: { ...loggedIn().session, extra: [1] } })).toEqual([]);
  });

  it('names each bad envelope field', () => {
    const event = {
      ...booted(),
      event_id: 'not-a-uuid',
      version: 2,
      occurred_at: '2025-01-15 09:00',
      host: 'a.b',
      boot_id: 7,
    };
    expect(problems(event)).toEqual([
      'event_id must be a UUID',
      'version must be equal to 1',
      'occurred_at must be RFC 3339 date',
      'host must be 1-64 of [A-Za-z0-9_-]',
      'boot_id must be a UUID',
    ]);
  });

  it('accepts UUIDs of any version and RFC 3339 times with an offset', () => {
    const event = {
      ...booted(),
      event_id: '00000000-0000-0000-0000-000000000000',
      boot_id: 'A1B2C3D4-0000-1000-8000-000000000000',
      occurred_at: '2023-07-25t17:54:49.123+02:00',
    };
    expect(problems(event)).toEqual([]);
    expect(problems({ ...booted(), event_id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' })).toEqual([]);
    // Version 0 and UUIDs without dashes are no UUIDs of RFC 9562.
    expect(problems({ ...booted(), event_id: '6d1c1e4e-8a3f-0b7e-9c2d-0e1f2a3b4c5d' })).toEqual([
      'event_id must be a UUID',
    ]);
    expect(problems({ ...booted(), boot_id: '6d1c1e4e8a3f4b7e9c2d0e1f2a3b4c5d' })).toEqual([
      'boot_id must be a UUID',
    ]);
  });

  it('refuses impossible calendar dates and misplaced leap seconds', () => {
    expect(problems({ ...booted(), occurred_at: '2023-02-30T00:00:00Z' })).toEqual([
      'occurred_at is not a date of the calendar: February 2023 has 28 days',
    ]);
    expect(problems({ ...booted(), occurred_at: '2016-12-31T12:00:60Z' })).toEqual([
      'occurred_at has second 60, a leap second, which is only 23:59:60 UTC on the last day of a month',
    ]);
    expect(problems({ ...booted(), occurred_at: '2016-12-30T23:59:60Z' })).toEqual([
      'occurred_at has second 60, a leap second, which is only 23:59:60 UTC on the last day of a month',
    ]);
    expect(problems({ ...booted(), occurred_at: '2016-12-31T23:59:60Z' })).toEqual([]);
  });

  it('checks the fields of each kind', () => {
    const login = loggedIn();
    expect(
      problems({
        ...login,
        session: { id: '', internal: 'no', credentials: 'PASSWORD', credentials_data: [] },
      }),
    ).toEqual([
      'session.id must be longer than or equal to 1 characters',
      'session.internal must be a boolean value',
      'session.origin must be a string',
      expect.stringMatching(
        /^session\.credentials must be one of the following values: UNIX_SOCKET, /,
      ),
      'session.credentials_data must be an object',
    ]);
    expect(problems({ ...loggedOut('s'), reason: 'BYE' })).toEqual([
      'reason must be one of the following values: LOGOUT, DISCONNECT, TERMINATED, EXPIRED',
    ]);
    expect(problems({ ...loggedOut('s'), session: 's' })).toEqual([
      'session must be an object',
      'nested property session must be either object or array',
    ]);
    expect(problems({ ...failedLogin(), error: undefined, credentials_data: null })).toEqual([
      'credentials_data must be an object',
      'error must be a string',
    ]);
    expect(problems({ ...booted(), kind: 'reboot' })).toEqual([
      'kind must be one of: login, logout, login_failed, boot, terminate',
    ]);
  });

  it('counts a session id in code points, a variation selector adding nothing', () => {
    expect(problems(loggedOut('😀'.repeat(128)))).toEqual([]);
    expect(problems(loggedOut('☺️'.repeat(128)))).toEqual([]);
    expect(problems(loggedOut('x'.repeat(128)))).toEqual([]);
    expect(problems(loggedOut('x'.repeat(129)))).toEqual([
      'session.id must be shorter than or equal to 128 characters',
    ]);
    expect(problems(loggedOut('😀'.repeat(129)))).toEqual([
      'session.id must be shorter than or equal to 128 characters',
    ]);
  });
});

describe('isEventKind', () => {
  it('knows the four kinds of contract §2, in their case', () => {
    for (const kind of ['login', 'logout', 'login_failed', 'boot'])
      expect(isEventKind(kind)).toBe(true);
    for (const kind of ['LOGIN', 'reboot', '', 1, undefined]) expect(isEventKind(kind)).toBe(false);
  });
});
