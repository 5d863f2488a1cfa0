import { ConfigError } from '@authtrail/nats-config';
import { DEFAULT_QUERY_LIMITS } from '@authtrail/sessions';
import { loadServiceConfig, queryLimits } from './service-config';

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
