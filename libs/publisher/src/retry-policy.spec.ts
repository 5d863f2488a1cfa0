import { ErrorCode, NatsError } from 'nats';
import { isRetryable, retryDelay, retryPolicy, RETRY_DEFAULTS } from './retry-policy';

describe('retry policy', () => {
  it('retries timeouts, lost connections and 503 (no stream leader, no stream yet)', () => {
    for (const code of [
      ErrorCode.Timeout,
      ErrorCode.NoResponders,
      ErrorCode.JetStreamNotEnabled,
      ErrorCode.JetStream408RequestTimeout,
      ErrorCode.Disconnect,
      ErrorCode.ConnectionRefused,
    ]) {
      expect(isRetryable(NatsError.errorForCode(code))).toBe(true);
    }
  });

  it('never retries permission, authorisation or other errors', () => {
    for (const code of [
      ErrorCode.PermissionsViolation,
      ErrorCode.AuthorizationViolation,
      ErrorCode.AuthenticationExpired,
      ErrorCode.ConnectionClosed,
      ErrorCode.ConnectionDraining,
      ErrorCode.MaxPayloadExceeded,
      ErrorCode.BadSubject,
      '400',
    ]) {
      expect(isRetryable(new NatsError('refused', code))).toBe(false);
    }
    expect(isRetryable(new Error('TIMEOUT'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });

  it('waits 100 ms doubling up to 5 s, spread by at most 20 %', () => {
    const policy = retryPolicy();
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n, policy, middle))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
    expect(retryDelay(1, policy, () => 0)).toBe(80);
    expect(retryDelay(1, policy, () => 0.999999)).toBe(120);
    expect(retryDelay(40, policy, () => 0.999999)).toBe(6000);
  });

  it('fills in defaults and refuses values that cannot work', () => {
    expect(retryPolicy()).toEqual(RETRY_DEFAULTS);
    expect(retryPolicy({ deadlineMs: 1_000, attempts: 1 })).toMatchObject({
      deadlineMs: 1_000,
      attempts: 1,
      timeoutMs: 5_000,
    });
    expect(() => retryPolicy({ attempts: 0 })).toThrow(RangeError);
    expect(() => retryPolicy({ timeoutMs: -1 })).toThrow('timeoutMs: -1 is not a usable number');
    expect(() => retryPolicy({ deadlineMs: Number.NaN })).toThrow(RangeError);
  });
});
