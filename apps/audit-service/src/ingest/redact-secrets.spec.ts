import { redactCredentials, redactPayload } from './redact-secrets';

describe('redactCredentials', () => {
  it("keeps REF §1.3's keys, nested as REF nests them, and redacts every other value", () => {
    const { value, paths } = redactCredentials(
      {
        username: 'root',
        login_id: 'a1',
        login_at: { $date: 1736935200000 },
        Password: 'hunter2',
        api_key: { id: 3, name: 'backup-key', key: 'raw' },
        parent: {
          credentials: 'API_KEY',
          credentials_data: { username: 'root', api_key: 'raw-key-material', SECRET: { a: 1 } },
        },
        list: [{ token: 't' }],
      },
      'session.credentials_data',
    );
    expect(value).toEqual({
      username: 'root',
      login_id: 'a1',
      login_at: { $date: 1736935200000 },
      Password: '<redacted>',
      api_key: { id: 3, name: 'backup-key', key: '<redacted>' },
      parent: {
        credentials: 'API_KEY',
        credentials_data: { username: 'root', api_key: '<redacted>', SECRET: '<redacted>' },
      },
      list: '<redacted>',
    });
    expect(paths).toEqual([
      'session.credentials_data.Password',
      'session.credentials_data.api_key.key',
      'session.credentials_data.parent.credentials_data.api_key',
      'session.credentials_data.parent.credentials_data.SECRET',
      'session.credentials_data.list',
    ]);
  });

  it('redacts the secret names a deny list misses, and values of the wrong shape', () => {
    const names = [
      'pass_word',
      'passphrase',
      'pwd',
      'pin',
      'Authorization',
      'bearer',
      'cookie',
      'jwt',
      '2fa_code',
      'user\u200bname', // a zero-width space
      'usеrname', // a Cyrillic "е"
      'USERNAME',
    ];
    const data = Object.fromEntries(names.map((name) => [name, 's3cr3t']));
    const { value, paths } = redactCredentials(
      { ...data, username: { password: 'x' }, login_at: ['x'] },
      'c',
    );
    expect(Object.values(value).every((v) => v === '<redacted>')).toBe(true);
    expect(JSON.stringify(value)).not.toMatch(/s3cr3t|"x"/);
    expect(paths).toHaveLength(names.length + 2);
  });

  it('keeps keys the operator declared safe, exactly and never a secret-named one', () => {
    const safe = new Set(['pam_service', 'site', 'otp_kind']);
    const { value, paths } = redactCredentials(
      {
        pam_service: 'middleware',
        site: { rack: 4, pin: 1234, pam_service: ['a', { site: 'b', x: 1 }] },
        Pam_service: 'x',
        otp_kind: 'totp',
      },
      'c',
      safe,
    );
    expect(value).toEqual({
      pam_service: 'middleware',
      site: {
        rack: '<redacted>',
        pin: '<redacted>',
        pam_service: ['a', { site: 'b', x: '<redacted>' }],
      },
      Pam_service: '<redacted>',
      otp_kind: '<redacted>',
    });
    expect(paths).toEqual([
      'c.site.rack',
      'c.site.pin',
      'c.site.pam_service.1.x',
      'c.Pam_service',
      'c.otp_kind',
    ]);
  });

  it('lists __proto__ without keeping it; constructor and prototype are redacted', () => {
    const data = JSON.parse(
      '{"username":"u","__proto__":{"hidden":"yes"},"constructor":"c","prototype":{"a":1}}',
    ) as Record<string, never>;
    const { value, paths } = redactCredentials(data, 'c', new Set(['constructor']));
    expect(Object.keys(value)).toEqual(['username', 'constructor', 'prototype']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as Record<string, unknown>).hidden).toBeUndefined();
    expect(value).toEqual({ username: 'u', constructor: '<redacted>', prototype: '<redacted>' });
    expect(paths).toEqual(['c.__proto__', 'c.constructor', 'c.prototype']);
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });

  it('escapes dots in keys and leaves the input untouched', () => {
    const input = { username: 'root', 'a.b': 'p' };
    const { value, paths } = redactCredentials(input, 'c');
    expect(value).toEqual({ username: 'root', 'a.b': '<redacted>' });
    expect(paths).toEqual(['c.a\\.b']);
    expect(input['a.b']).toBe('p');
  });
});

describe('redactPayload', () => {
  it("keeps the contract's scalar fields and redacts everything else of a refused event", () => {
    const { value, paths } = redactPayload({
      event_id: 'x',
      kind: 'login',
      session: {
        id: 7,
        origin: { password: 'p' },
        credentials_data: { password: 'p', username: 'u' },
      },
      password: 'top-level',
      credentials_data: 'oops',
    });
    expect(value).toEqual({
      event_id: 'x',
      kind: 'login',
      session: {
        id: 7,
        origin: '<redacted>',
        credentials_data: { password: '<redacted>', username: 'u' },
      },
      password: '<redacted>',
      credentials_data: '<redacted>',
    });
    expect(paths).toEqual([
      'session.origin',
      'session.credentials_data.password',
      'password',
      'credentials_data',
    ]);
  });
});
