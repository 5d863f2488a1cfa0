import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The name of the console's sign-in cookie. */
export const SESSION_COOKIE = 'authtrail_console';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `offered` is the console token. Both are hashed first, so the comparison takes the
 * same time whatever the offered text's length or content (crypto.timingSafeEqual needs equal
 * lengths: the hashes have them).
 */
export function tokenMatches(token: string, offered: string): boolean {
  return timingSafeEqual(digest(token), digest(offered));
}

/** What a cookie stands for: a sign-in that holds, one that ended, or none. */
export type SignInState = 'valid' | 'expired' | 'unknown';

/** At most this many sign-ins are kept; the oldest goes first. */
const MAX_SIGN_INS = 1_000;

/**
 * The console's sign-ins: random ids (the cookie's value) with an expiry, in memory only (a
 * restart signs everyone out). Ids are kept as their SHA-256, so a heap dump holds no cookie.
 * Times are given by the caller.
 */
export class SignIns {
  private readonly expiries = new Map<string, number>();
  /** Recently ended ones, to tell "expired" from "unknown" for a while. */
  private readonly ended = new Map<string, number>();

  constructor(private readonly lifetimeMs: number) {}

  /** A new sign-in's id and its expiry (ms). */
  open(now: number): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + this.lifetimeMs;
    if (this.expiries.size >= MAX_SIGN_INS) {
      const oldest = this.expiries.keys().next().value as string;
      this.expiries.delete(oldest);
    }
    this.expiries.set(digest(id).toString('hex'), expiresAt);
    return { id, expiresAt };
  }

  check(id: string | undefined, now: number): SignInState {
    if (id === undefined || id.length > 100) return 'unknown';
    const key = digest(id).toString('hex');
    const expiresAt = this.expiries.get(key);
    if (expiresAt === undefined) return this.ended.has(key) ? 'expired' : 'unknown';
    if (expiresAt > now) return 'valid';
    this.expiries.delete(key);
    this.remember(key, now);
    return 'expired';
  }

  close(id: string | undefined, now: number): void {
    if (id === undefined) return;
    const key = digest(id).toString('hex');
    if (this.expiries.delete(key)) this.remember(key, now);
  }

  private remember(key: string, now: number): void {
    this.ended.set(key, now);
    for (const [old, at] of this.ended) {
      if (this.ended.size <= MAX_SIGN_INS && at > now - this.lifetimeMs) break;
      this.ended.delete(old);
    }
  }
}

/** Failed sign-ins allowed per client address within one window. */
export const FAILURES_PER_WINDOW = 5;
export const FAILURE_WINDOW_MS = 60_000;
/** Addresses tracked at once (a flood of addresses forgets the oldest). */
const MAX_ADDRESSES = 10_000;

/**
 * Failed sign-ins per client address: after FAILURES_PER_WINDOW within FAILURE_WINDOW_MS, that
 * address is refused until its window ends, right token or not.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  /** Milliseconds until `address` may try again; 0 when it may now. */
  retryAfterMs(address: string, now: number): number {
    const window = this.windows.get(address);
    if (!window) return 0;
    const end = window.start + FAILURE_WINDOW_MS;
    if (end <= now) {
      this.windows.delete(address);
      return 0;
    }
    return window.failures >= FAILURES_PER_WINDOW ? end - now : 0;
  }

  failed(address: string, now: number): void {
    const window = this.windows.get(address);
    if (window && window.start + FAILURE_WINDOW_MS > now) {
      window.failures++;
      return;
    }
    if (this.windows.size >= MAX_ADDRESSES) {
      this.windows.delete(this.windows.keys().next().value as string);
    }
    this.windows.delete(address);
    this.windows.set(address, { start: now, failures: 1 });
  }
}

/** The value of cookie `name` in a Cookie header, if present. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value of a sign-in (or, with maxAgeSeconds 0, of signing out). */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${id}`,
    'Path=/console',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
