import { MAX_EVENT_BYTES } from '@authtrail/contracts';
import { eventFieldProblems } from '@authtrail/event-rules';
import { booted, loggedIn, loggedOut } from '../../../test/fixtures/auth-events';
import { encodeValidEvent, eventProblems, MAX_EVENT_NESTING } from './event-checks';
import { InvalidEventError } from './invalid-event.error';

describe('eventProblems', () => {
  it('judges the fields by the service rules, in its words', () => {
    const event = { ...loggedOut('s'), version: 2, reason: 'BYE' };
    expect(eventProblems(event)).toEqual(eventFieldProblems(event));
    // The kind's own fields first, then the envelope's (class-validator's order).
    expect(eventProblems(event)).toEqual([
      'reason must be one of the following values: LOGOUT, DISCONNECT, TERMINATED, EXPIRED',
      'version must be equal to 1',
    ]);
    expect(eventProblems({ ...booted(), extra: { any: 'thing' } })).toEqual([]);
  });

  it('refuses nesting deeper than the service accepts, and what is no JSON object', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < MAX_EVENT_NESTING; i++) deep = { d: deep };
    const event = loggedIn();
    expect(
      eventProblems({ ...event, session: { ...event.session, credentials_data: deep } }),
    ).toEqual([`the event nests deeper than ${MAX_EVENT_NESTING} levels`]);
    expect(eventProblems([])).toEqual(['an event must be a JSON object']);
    expect(eventProblems(null)).toEqual(['an event must be a JSON object']);
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
        ['reason must be one of the following values: LOGOUT, DISCONNECT, TERMINATED, EXPIRED'],
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
    expect(() => encodeValidEvent(undefined)).toThrow(
      new InvalidEventError(['an event must be a JSON object']),
    );
  });

  it('names the kind of a known kind only', () => {
    expect(() => encodeValidEvent({ ...booted(), kind: 'reboot' })).toThrow(
      'invalid event: kind must be one of: login, logout, login_failed, boot, terminate',
    );
  });
});
