import { resolve } from 'node:path';
import { ConfigError } from '@authtrail/nats-config';
import { DEFAULT_QUERY_LIMITS } from '@authtrail/filter-list';
import { loadServiceConfig, queryLimits } from './service-config';

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

describe('query limits from the environment', () => {
  it('defaults to the engine defaults', () => {
    expect(loadServiceConfig({}).queryLimits).toEqual(DEFAULT_QUERY_LIMITS);
  });

  it('takes each from its variable', () => {
    const limits = queryLimits({
      AUTHTRAIL_QUERY_MAX_CONDITIONS: '10',
      AUTHTRAIL_QUERY_MAX_REQUEST_BYTES: '4096',
    });
    expect(limits).toEqual({ ...DEFAULT_QUERY_LIMITS, maxConditions: 10, maxRequestBytes: 4096 });
  });

  it('refuses a value that is not a whole number in range, in one line', () => {
    for (const raw of ['0', '-1', '1.5', 'many', '2000']) {
      expect(() => queryLimits({ AUTHTRAIL_QUERY_MAX_DEPTH: raw })).toThrow(
        new ConfigError(`AUTHTRAIL_QUERY_MAX_DEPTH: "${raw}" is not a whole number from 1 to 1000`),
      );
    }
  });
});

describe('signing key files', () => {
  it('keep the signing key beside the log, created at the first start, when unset or blank', () => {
    for (const value of [undefined, '', '  ']) {
      const config = loadServiceConfig({
        AUTHTRAIL_DB: '/var/lib/authtrail/authtrail.db',
        ...(value === undefined ? {} : { AUTHTRAIL_SIGNING_KEY_FILE: value }),
      });
      expect(config.signingKey).toEqual({
        file: '/var/lib/authtrail/signing.key',
        createWhenMissing: true,
      });
    }
    expect(loadServiceConfig({}).signingKey.file).toBe(resolve('data/signing.key'));
  });

  it('read the configured signing key, never created, as an absolute path', () => {
    expect(
      loadServiceConfig({ AUTHTRAIL_SIGNING_KEY_FILE: '/etc/authtrail/log.key' }).signingKey,
    ).toEqual({
      file: '/etc/authtrail/log.key',
      createWhenMissing: false,
    });
    expect(loadServiceConfig({ AUTHTRAIL_SIGNING_KEY_FILE: 'keys/log.key' }).signingKey.file).toBe(
      resolve('keys/log.key'),
    );
  });

  it('have no witness key unless one is configured', () => {
    expect(loadServiceConfig({}).witnessKeyFile).toBeUndefined();
    expect(loadServiceConfig({ AUTHTRAIL_WITNESS_KEY_FILE: ' ' }).witnessKeyFile).toBeUndefined();
    expect(loadServiceConfig({ AUTHTRAIL_WITNESS_KEY_FILE: 'w.key' }).witnessKeyFile).toBe(
      resolve('w.key'),
    );
  });
});

describe('AUTHTRAIL_SNAPSHOT_EVERY', () => {
  const deprecated = 'AUTHTRAIL_CHECKPOINT_EVERY is deprecated, use AUTHTRAIL_SNAPSHOT_EVERY';

  it('is 10,000 by default, else its value, with nothing deprecated', () => {
    expect(loadServiceConfig({})).toMatchObject({ snapshotEvery: 10_000, deprecations: [] });
    expect(loadServiceConfig({ AUTHTRAIL_SNAPSHOT_EVERY: '500' })).toMatchObject({
      snapshotEvery: 500,
      deprecations: [],
    });
    expect(() => loadServiceConfig({ AUTHTRAIL_SNAPSHOT_EVERY: '0' })).toThrow(
      /AUTHTRAIL_SNAPSHOT_EVERY: "0" is not a whole number/,
    );
  });

  it('still takes AUTHTRAIL_CHECKPOINT_EVERY alone, with one deprecation line', () => {
    expect(loadServiceConfig({ AUTHTRAIL_CHECKPOINT_EVERY: '700' })).toMatchObject({
      snapshotEvery: 700,
      deprecations: [deprecated],
    });
    expect(() => loadServiceConfig({ AUTHTRAIL_CHECKPOINT_EVERY: 'x' })).toThrow(
      /AUTHTRAIL_CHECKPOINT_EVERY: "x" is not a whole number/,
    );
  });

  it('wins when both are set, and the deprecation line says so', () => {
    const config = loadServiceConfig({
      AUTHTRAIL_SNAPSHOT_EVERY: '300',
      AUTHTRAIL_CHECKPOINT_EVERY: '700',
    });
    expect(config.snapshotEvery).toBe(300);
    expect(config.deprecations).toEqual([
      `${deprecated} (both are set: AUTHTRAIL_SNAPSHOT_EVERY is used, AUTHTRAIL_CHECKPOINT_EVERY ignored)`,
    ]);
  });
});

describe('AUTHTRAIL_TERMINATE_TIMEOUT_MS', () => {
  it('is 5,000 ms by default, else a whole number of ms up to 10 minutes', () => {
    expect(loadServiceConfig({}).terminateTimeoutMs).toBe(5_000);
    expect(loadServiceConfig({ AUTHTRAIL_TERMINATE_TIMEOUT_MS: '250' }).terminateTimeoutMs).toBe(
      250,
    );
    for (const bad of ['0', '-5', '1.5', 'soon', '600001']) {
      expect(() => loadServiceConfig({ AUTHTRAIL_TERMINATE_TIMEOUT_MS: bad })).toThrow(
        `AUTHTRAIL_TERMINATE_TIMEOUT_MS: "${bad}" is not a whole number from 1 to 600000`,
      );
    }
  });
});

describe('the web console settings', () => {
  const token = {
    AUTHTRAIL_CONSOLE_TOKEN: 'a-long-enough-console-token',
    AUTHTRAIL_HTTP_PORT: '8080',
  };

  it('are off without a token, and the HTTP server then listens on every address', () => {
    const config = loadServiceConfig({ AUTHTRAIL_HTTP_PORT: '8080' });
    expect(config.console).toBeUndefined();
    expect(config.httpHost).toBeUndefined();
  });

  it('listen on 127.0.0.1 by default with the console on, or where AUTHTRAIL_HTTP_HOST says', () => {
    expect(loadServiceConfig(token)).toMatchObject({
      httpHost: '127.0.0.1',
      console: {
        token: token.AUTHTRAIL_CONSOLE_TOKEN,
        sessionMs: 480 * 60_000,
        secureCookie: false,
      },
    });
    expect(loadServiceConfig({ ...token, AUTHTRAIL_HTTP_HOST: '0.0.0.0' }).httpHost).toBe(
      '0.0.0.0',
    );
  });

  it('refuse a short token, a console without a port, and a bad host or cookie setting', () => {
    expect(() => loadServiceConfig({ ...token, AUTHTRAIL_CONSOLE_TOKEN: 'short' })).toThrow(
      /AUTHTRAIL_CONSOLE_TOKEN: at least 16 characters/,
    );
    expect(() =>
      loadServiceConfig({ AUTHTRAIL_CONSOLE_TOKEN: token.AUTHTRAIL_CONSOLE_TOKEN }),
    ).toThrow(/AUTHTRAIL_HTTP_PORT is not/);
    expect(() => loadServiceConfig({ ...token, AUTHTRAIL_HTTP_HOST: 'a b' })).toThrow(ConfigError);
    expect(() => loadServiceConfig({ ...token, AUTHTRAIL_CONSOLE_SECURE_COOKIE: 'yes' })).toThrow(
      /not one of on, off/,
    );
  });
});
