import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { ConsoleRequest, ConsoleResponse } from './console-http';

/**
 * The console's Content-Security-Policy: its own scripts, styles and connections only; no
 * inline script or style, no frames, no plugins, forms only to itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every console response carries (docs/console.md, Headers). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** Sets SECURITY_HEADERS on every response under /console, errors and unknown paths included. */
@Injectable()
export class SecurityHeaders implements NestMiddleware {
  use(_request: ConsoleRequest, response: ConsoleResponse, next: () => void): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    response.removeHeader('X-Powered-By');
    next();
  }
}
