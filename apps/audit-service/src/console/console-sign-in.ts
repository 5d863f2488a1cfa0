import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import {
  cookieValue,
  FailureLimiter,
  SESSION_COOKIE,
  sessionCookie,
  SignIns,
  tokenMatches,
  type SignInState,
} from './console-auth';
import { clientAddress, overTls, type ConsoleRequest } from './console-http';

/** Longest token text read from a sign-in request. */
const MAX_TOKEN_LENGTH = 1_000;

/**
 * Signing in to the console with AUTHTRAIL_CONSOLE_TOKEN, signing out, and what a request's
 * cookie stands for. The clock is read here, the rules are ConsoleAuth's.
 */
@Injectable()
export class ConsoleSignIn {
  private readonly signIns: SignIns;
  private readonly failures = new FailureLimiter();

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {
    this.signIns = new SignIns(this.settings.sessionMs);
  }

  private get settings() {
    return this.config.console!;
  }

  /** The Set-Cookie of a new sign-in; an HTTP error when the token is wrong or too many were. */
  signIn(request: ConsoleRequest, body: unknown): string {
    const now = Date.now();
    const address = clientAddress(request);
    const wait = this.failures.retryAfterMs(address, now);
    if (wait > 0) {
      throw new HttpException(
        `too many failed sign-ins from this address: try again in ${Math.ceil(wait / 1000)} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const token = (body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new HttpException('give the console token as {"token": "..."}', HttpStatus.BAD_REQUEST);
    }
    if (!tokenMatches(this.settings.token, token)) {
      this.failures.failed(address, now);
      throw new HttpException('that is not the console token', HttpStatus.UNAUTHORIZED);
    }
    const { id } = this.signIns.open(now);
    return sessionCookie(id, Math.floor(this.settings.sessionMs / 1000), this.secure(request));
  }

  /** The Set-Cookie that ends the request's sign-in. */
  signOut(request: ConsoleRequest): string {
    this.signIns.close(cookieValue(request.headers.cookie, SESSION_COOKIE), Date.now());
    return sessionCookie('', 0, this.secure(request));
  }

  state(request: ConsoleRequest): SignInState {
    return this.signIns.check(cookieValue(request.headers.cookie, SESSION_COOKIE), Date.now());
  }

  private secure(request: ConsoleRequest): boolean {
    return this.settings.secureCookie || overTls(request);
  }
}
