import { ConfigError } from '@authtrail/nats-config';
import { loadServiceConfig } from './service-config';

describe('AUTHTRAIL_SAFE_CREDENTIAL_KEYS', () => {
  const load = (value?: string) =>
    loadServiceConfig(value === undefined ? {} : { AUTHTRAIL_SAFE_CREDENTIAL_KEYS: value });

  it('is empty by default and a set of exact keys otherwise', () => {
    expect(load().safeCredentialKeys).toEqual(new Set());
    expect(load('').safeCredentialKeys).toEqual(new Set());
    expect(load('pam_service, site ,$kind').safeCredentialKeys).toEqual(
      new Set(['pam_service', 'site', '$kind']),
    );
  });

  it('refuses look-alike or invisible characters, secret names and object keys, naming them', () => {
    expect(() => load('user\u200bname')).toThrow(ConfigError);
    expect(() => load('usеrname')).toThrow(/"usеrname" is not a key of 1-64 ASCII letters/);
    expect(() => load('site,,x')).toThrow(/"" is not a key/);
    expect(() => load('session_token')).toThrow(/"session_token" cannot be declared safe/);
    expect(() => load('Api_Key')).toThrow(/cannot be declared safe/);
    expect(() => load('__proto__')).toThrow(/cannot be declared safe/);
    expect(() => load('constructor')).toThrow(/cannot be declared safe/);
  });
});
