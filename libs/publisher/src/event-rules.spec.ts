import { MAX_EVENT_BYTES } from '@authtrail/contracts';
import { booted, loggedIn, loggedOut } from '../../../test/fixtures/auth-events';
import { encodeValidEvent, eventProblems, MAX_EVENT_NESTING, textLength } from './event-rules';
import { InvalidEventError } from './invalid-event.error';

const failed = () => ({
  ...loggedIn(),
  session: undefined,
  kind: 'login_failed',
  origin: '10.0.0.9:4711',
  credentials: 'LOGIN_PASSWORD',
  credentials_data: {},
  error: 'bad password',
});

describe('eventProblems', () => {
  it('accepts a valid event of every kind, extra fields included', () => {
    for (const event of [loggedIn(), loggedOut('s1'), booted(), failed()]) {
      expect(eventProblems(JSON.parse(JSON.stringify(event)))).toEqual([]);
    }
    expect(eventProblems({ ...booted(), extra: { any: 'thing' } })).toEqual([]);
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
    expect(eventProblems(event)).toEqual([
      'event_id must be a UUID',
      'version must be 1',
      'occurred_at must be an RFC 3339 time, e.g. 2023-07-25T17:54:49Z',
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
    expect(eventProblems(event)).toEqual([]);
  });

  it('refuses impossible calendar dates and misplaced leap seconds, as the service does', () => {
    expect(eventProblems({ ...booted(), occurred_at: '2023-02-30T00:00:00Z' })).toEqual([
      'occurred_at is not a date of the calendar: February 2023 has 28 days',
    ]);
    expect(eventProblems({ ...booted(), occurred_at: '2016-12-31T12:00:60Z' })).toEqual([
      'occurred_at has second 60, a leap second, which is only 23:59:60 UTC on the last day of a month',
    ]);
    expect(eventProblems({ ...booted(), occurred_at: '2016-12-31T23:59:60Z' })).toEqual([]);
  });

  it('checks the fields of each kind', () => {
    const login = loggedIn();
    expect(
      eventProblems({
        ...login,
        session: { id: '', internal: 'no', credentials: 'PASSWORD', credentials_data: [] },
      }),
    ).toEqual([
      'session.id must be a string of 1-128 characters',
      'session.internal must be a boolean',
      'session.origin must be a string',
      expect.stringMatching(/^session\.credentials must be one of UNIX_SOCKET, /),
      'session.credentials_data must be an object',
    ]);
    expect(eventProblems({ ...loggedOut('s'), reason: 'BYE' })).toEqual([
      'reason must be one of LOGOUT, DISCONNECT, TERMINATED, EXPIRED',
    ]);
    expect(eventProblems({ ...loggedOut('s'), session: 's' })).toEqual([
      'session must be an object',
    ]);
    expect(eventProblems({ ...failed(), error: undefined, credentials_data: null })).toEqual([
      'credentials_data must be an object',
      'error must be a string',
    ]);
    expect(eventProblems({ ...booted(), kind: 'reboot' })).toEqual([
      'kind must be one of login, logout, login_failed, boot',
    ]);
  });

  it('counts session id length as the service does (code points, variation selectors free)', () => {
    expect(textLength('a😀')).toBe(2);
    expect(textLength('☺️')).toBe(1);
    const atLimit = loggedOut('😀'.repeat(128));
    expect(eventProblems(atLimit)).toEqual([]);
    expect(eventProblems(loggedOut('x'.repeat(129)))).toEqual([
      'session.id must be a string of 1-128 characters',
    ]);
  });

  it('refuses nesting deeper than the service accepts', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < MAX_EVENT_NESTING; i++) deep = { d: deep };
    const event = loggedIn();
    expect(
      eventProblems({ ...event, session: { ...event.session, credentials_data: deep } }),
    ).toEqual([`the event nests deeper than ${MAX_EVENT_NESTING} levels`]);
    expect(eventProblems([])).toEqual(['an event must be a JSON object']);
  });
});

describe('encodeValidEvent', () => {
  it('returns the JSON bytes of a valid event', () => {
    const event = booted();
    expect(new TextDecoder().decode(encodeValidEvent(event))).toBe(JSON.stringify(event));
  });

  it('checks the event as it is sent: undefined fields are missing fields', () => {
    const event = { ...loggedOut('s1'), reason: undefined };
    expect(() => encodeValidEvent(event)).toThrow(
      new InvalidEventError(
        ['reason must be one of LOGOUT, DISCONNECT, TERMINATED, EXPIRED'],
        'logout event',
      ),
    );
  });

  it('refuses an event over the size limit and values JSON cannot carry', () => {
    const event = loggedIn();
    const big = {
      ...event,
      session: { ...event.session, credentials_data: { pad: 'x'.repeat(MAX_EVENT_BYTES) } },
    };
    expect(() => encodeValidEvent(big)).toThrow(/over the 65536-byte limit/);
    expect(() => encodeValidEvent({ ...event, n: 1n })).toThrow(/not JSON-serialisable/);
  });
});
