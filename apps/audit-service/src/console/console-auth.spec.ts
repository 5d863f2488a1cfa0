import {
  cookieValue,
  FAILURE_WINDOW_MS,
  FailureLimiter,
  FAILURES_PER_WINDOW,
  sessionCookie,
  SignIns,
  tokenMatches,
} from './console-auth';

describe('the console token', () => {
  it('matches only itself, whatever the length offered', () => {
    const token = 'a-console-token-of-some-length';
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token} `)).toBe(false);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, 'x'.repeat(10_000))).toBe(false);
  });
});

describe('sign-ins', () => {
  const HOUR = 3_600_000;

  it('hold until their expiry, then say they expired', () => {
    const signIns = new SignIns(HOUR);
    const { id, expiresAt } = signIns.open(1_000);
    expect(expiresAt).toBe(1_000 + HOUR);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signIns.check(id, 1_000 + HOUR - 1)).toBe('valid');
    expect(signIns.check(id, 1_000 + HOUR)).toBe('expired');
    expect(signIns.check(id, 1_000 + HOUR + 1)).toBe('expired');
  });

  it('end when closed, and know no cookie they did not make', () => {
    const signIns = new SignIns(HOUR);
    const { id } = signIns.open(0);
    const other = signIns.open(0).id;
    signIns.close(id, 10);
    expect(signIns.check(id, 20)).toBe('expired');
    expect(signIns.check(other, 20)).toBe('valid');
    expect(signIns.check('forged', 20)).toBe('unknown');
    expect(signIns.check(undefined, 20)).toBe('unknown');
    expect(signIns.check('x'.repeat(1_000), 20)).toBe('unknown');
  });
});

describe('failed sign-ins per address', () => {
  it(`refuse an address after ${FAILURES_PER_WINDOW} failures until its window ends`, () => {
    const limiter = new FailureLimiter();
    for (let i = 0; i < FAILURES_PER_WINDOW; i++) {
      expect(limiter.retryAfterMs('10.0.0.1', i)).toBe(0);
      limiter.failed('10.0.0.1', i);
    }
    expect(limiter.retryAfterMs('10.0.0.1', 100)).toBe(FAILURE_WINDOW_MS - 100);
    expect(limiter.retryAfterMs('10.0.0.2', 100)).toBe(0);
    expect(limiter.retryAfterMs('10.0.0.1', FAILURE_WINDOW_MS)).toBe(0);
    limiter.failed('10.0.0.1', FAILURE_WINDOW_MS);
    expect(limiter.retryAfterMs('10.0.0.1', FAILURE_WINDOW_MS + 1)).toBe(0);
  });
});

describe('the sign-in cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to the console, Secure when asked', () => {
    expect(sessionCookie('abc', 60, false)).toBe(
      'authtrail_console=abc; Path=/console; Max-Age=60; HttpOnly; SameSite=Strict',
    );
    expect(sessionCookie('abc', 60, true)).toMatch(/; Secure$/);
  });

  it('is read from a Cookie header among others', () => {
    expect(cookieValue('a=1; authtrail_console=xyz; b=2', 'authtrail_console')).toBe('xyz');
    expect(cookieValue('authtrail_consolex=1', 'authtrail_console')).toBeUndefined();
    expect(cookieValue(undefined, 'authtrail_console')).toBeUndefined();
  });
});
