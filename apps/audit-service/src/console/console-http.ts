import type { IncomingMessage, ServerResponse } from 'node:http';
import { FormError, MAX_FIELD_LENGTH, type Form } from './console-queries';

/** What the console's handlers read of Express's request. */
export type ConsoleRequest = IncomingMessage & { body?: unknown; secure?: boolean };
export type ConsoleResponse = ServerResponse;

/** The console's fields of a query string: strings of at most MAX_FIELD_LENGTH, no repeats. */
export function readForm(query: unknown, fields: readonly string[]): Form {
  const form: Form = {};
  const given = (typeof query === 'object' && query !== null ? query : {}) as Record<
    string,
    unknown
  >;
  for (const field of fields) {
    const value = given[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new FormError(`${field}: give it once, as text`);
    if (value.length > MAX_FIELD_LENGTH) {
      throw new FormError(`${field}: at most ${MAX_FIELD_LENGTH} characters`);
    }
    form[field] = value.trim();
  }
  return form;
}

/** Whether the request came over TLS (directly, or through a proxy that says so). */
export function overTls(request: ConsoleRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  return request.secure === true || proto?.split(',')[0].trim().toLowerCase() === 'https';
}

/** The client's address (the socket's: a proxy's X-Forwarded-For is not trusted). */
export function clientAddress(request: ConsoleRequest): string {
  return request.socket.remoteAddress ?? 'unknown';
}
