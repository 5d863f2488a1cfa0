import { loggedIn, loggedOut, booted, terminated } from '../../../../test/fixtures/auth-events';
import { canonicalJson } from '@authtrail/event-log';
import { validateEvent } from './validate-event';

const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const reasons = (subject: string, value: unknown) => {
  const result = validateEvent(subject, bytes(value));
  return result.ok ? [] : result.reasons;
};

describe('validateEvent', () => {
  it('accepts each kind and keeps only the contract fields', () => {
    const login = loggedIn({ sessionId: 's' });
    const result = validateEvent('auth.events.truenas.login', bytes({ ...login, extra: 1 }));
    expect(result).toEqual({ ok: true, event: login, redacted: [] });
    expect(validateEvent('auth.events.truenas.logout', bytes(loggedOut('s'))).ok).toBe(true);
    expect(validateEvent('auth.events.truenas.boot', bytes(booted())).ok).toBe(true);
  });

  it('builds the normalised event in key order, as the log writes it', () => {
    const failed = {
      ...booted(),
      kind: 'login_failed',
      origin: 'o',
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: 'u' },
      error: 'e',
    };
    const cases: [string, unknown][] = [
      ['auth.events.truenas.login', loggedIn({ sessionId: 's' })],
      ['auth.events.truenas.logout', loggedOut('s')],
      ['auth.events.truenas.boot', booted()],
      ['auth.events.truenas.login_failed', failed],
      ['auth.events.truenas.terminate', terminated('s')],
    ];
    for (const [subject, event] of cases) {
      const result = validateEvent(subject, bytes(event));
      expect(result.ok).toBe(true);
      if (result.ok) expect(JSON.stringify(result.event)).toBe(canonicalJson(result.event));
    }
  });

  it('keeps a terminate record whole, its request id in lower case, and refuses a bad one', () => {
    const record = terminated('s', { caller_session_id: 'c', outcome: 'NO_ANSWER', error: 'e' });
    const upper = { ...record, request_id: record.request_id.toUpperCase(), extra: true };
    expect(validateEvent('auth.events.truenas.terminate', bytes(upper))).toEqual({
      ok: true,
      event: record,
      redacted: [],
    });
    const { requested_by: _missing, ...unsaid } = record;
    expect(reasons('auth.events.truenas.terminate', { ...unsaid, outcome: 'GONE' })).toEqual([
      'requested_by must be null or a string of 1 to 256 characters',
      'outcome must be one of the following values: TERMINATED, NOT_LIVE, NOT_FOUND, FAILED, NO_ANSWER',
    ]);
    expect(reasons('auth.events.truenas.logout', record)).toEqual([
      'subject kind "logout" differs from payload kind "terminate"',
    ]);
  });

  it('redacts secrets and reports their paths', () => {
    const event = loggedIn();
    event.session.credentials_data = { username: 'u', password: 'p' };
    const result = validateEvent('auth.events.truenas.login', bytes(event));
    expect(result).toMatchObject({ ok: true, redacted: ['session.credentials_data.password'] });
    if (result.ok && result.event.kind === 'login') {
      expect(result.event.session.credentials_data.password).toBe('<redacted>');
    }
  });

  it('rejects what the contract rejects, with every reason', () => {
    expect(reasons('auth.events.truenas.login', '{')).toEqual([
      expect.stringMatching(/^payload is not JSON text/),
    ]);
    expect(reasons('auth.events.truenas.login', [1])).toEqual(['payload must be a JSON object']);
    expect(reasons('auth.events.truenas.x', { ...loggedIn(), kind: 'x' })).toEqual([
      'kind must be one of: login, logout, login_failed, boot, terminate',
    ]);
    expect(
      reasons('auth.events.truenas.login', {
        ...loggedIn(),
        event_id: 'nope',
        occurred_at: 'yesterday',
      }),
    ).toEqual(['event_id must be a UUID', 'occurred_at must be RFC 3339 date']);
    expect(
      reasons('auth.events.truenas.login', { ...loggedIn(), session: { id: '', internal: 'no' } }),
    ).toEqual(
      expect.arrayContaining([
        'session.id must be longer than or equal to 1 characters',
        'session.internal must be a boolean value',
      ]),
    );
    expect(reasons('auth.events.nas2.login', loggedIn())).toEqual([
      'subject host "nas2" differs from payload host "truenas"',
    ]);
    expect(reasons('auth.events.truenas.logout', loggedIn())).toEqual([
      'subject kind "logout" differs from payload kind "login"',
    ]);
    expect(reasons('auth.sessions', loggedIn())).toEqual([
      'subject "auth.sessions" is not auth.events.<host>.<kind>',
    ]);
    expect(reasons('auth.events.truenas.logout', { ...loggedOut('s'), reason: 'BYE' })).toEqual([
      'reason must be one of the following values: LOGOUT, DISCONNECT, TERMINATED, EXPIRED',
    ]);
  });

  it('refuses impossible calendar dates and misplaced leap seconds, naming the field', () => {
    expect(
      reasons('auth.events.truenas.login', { ...loggedIn(), occurred_at: '2023-02-30T00:00:00Z' }),
    ).toEqual(['occurred_at is not a date of the calendar: February 2023 has 28 days']);
    expect(
      reasons('auth.events.truenas.boot', { ...booted(), occurred_at: '2016-12-30T23:59:60Z' }),
    ).toEqual([
      'occurred_at has second 60, a leap second, which is only 23:59:60 UTC on the last day of a month',
    ]);
  });

  it('stores a leap second as second 59, and UUIDs in lower case', () => {
    const event = {
      ...booted(),
      event_id: 'A1B2C3D4-0000-4000-8000-00000000000A',
      boot_id: '6D1C1E4E-8A3F-4B7E-9C2D-0E1F2A3B4C5D',
      occurred_at: '2016-12-31T23:59:60.5Z',
    };
    expect(validateEvent('auth.events.truenas.boot', bytes(event))).toMatchObject({
      ok: true,
      event: {
        event_id: 'a1b2c3d4-0000-4000-8000-00000000000a',
        boot_id: '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d',
        occurred_at: '2016-12-31T23:59:59.5Z',
      },
    });
  });

  it('keeps the credentials_data keys declared safe, and quotes no payload text in a reason', () => {
    const event = loggedIn();
    event.session.credentials_data = { username: 'u', pam_service: 'sshd', pwd: 'p' };
    const safe = new Set(['pam_service']);
    const result = validateEvent('auth.events.truenas.login', bytes(event), {
      safeCredentialKeys: safe,
    });
    expect(result).toMatchObject({ ok: true, redacted: ['session.credentials_data.pwd'] });
    if (result.ok && result.event.kind === 'login') {
      expect(result.event.session.credentials_data).toEqual({
        username: 'u',
        pam_service: 'sshd',
        pwd: '<redacted>',
      });
    }
    const typed = reasons('auth.events.truenas.login', 'password=hunter2');
    expect(typed).toEqual(['payload is not JSON text: unexpected token']);
    const hostile = reasons('auth.events.truenas.login', { ...loggedIn(), host: 'hunter2 pw' });
    expect(hostile.join(' ')).not.toMatch(/hunter2/);
  });

  it('rejects invalid UTF-8 and oversized payloads without parsing them', () => {
    const invalid = validateEvent(
      'auth.events.truenas.login',
      new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]),
    );
    expect(invalid).toMatchObject({ ok: false, host: 'truenas' });
    const big = validateEvent('auth.events.truenas.login', new Uint8Array(64 * 1024 + 1));
    expect(big).toEqual({
      ok: false,
      host: 'truenas',
      reasons: ['payload is 65537 bytes, over the 65536-byte limit'],
    });
  });
});

describe('nesting limit', () => {
  it('rejects deep nesting without recursion, and never throws', () => {
    const depth = 100_000;
    const deep = `{"event_id":"x","nested":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const result = validateEvent('auth.events.truenas.login', new TextEncoder().encode(deep));
    expect(result.ok).toBe(false);
    const event = loggedIn();
    let data: Record<string, unknown> = {};
    const root = data;
    for (let i = 0; i < 40; i++) data = (data.d = {}) as Record<string, unknown>;
    event.session.credentials_data = root as never;
    expect(validateEvent('auth.events.truenas.login', bytes(event))).toEqual({
      ok: false,
      host: 'truenas',
      reasons: ['payload nests deeper than 32 levels'],
    });
  });
});
