import type { ConsumerDeserializer, IncomingRequest } from '@nestjs/microservices';
import { DEFAULT_QUERY_LIMITS } from '@authtrail/filter-list';

/** Stands in for a request body that is not JSON; handlers answer it with a 400. */
export class MalformedRequest {
  constructor(readonly reason: string) {}
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Plain JSON requests from any NATS client (no framework envelope). The reply subject is the
 * request id, so every request gets a reply; a body that is not JSON, or larger than
 * `maxRequestBytes`, becomes MalformedRequest instead of an exception (which would end the
 * process). An empty body means `{}`.
 */
export class JsonRequestDeserializer implements ConsumerDeserializer {
  constructor(private readonly maxRequestBytes = DEFAULT_QUERY_LIMITS.maxRequestBytes) {}

  deserialize(
    value: Uint8Array,
    options?: { channel?: string; replyTo?: string },
  ): IncomingRequest {
    return {
      pattern: options?.channel ?? '',
      data: parseBody(value, this.maxRequestBytes),
      id: options?.replyTo ?? undefined!,
    };
  }
}

/** A request body: JSON, or MalformedRequest with the reason (too large, not UTF-8, not JSON). */
export function parseBody(
  value: Uint8Array,
  maxBytes = DEFAULT_QUERY_LIMITS.maxRequestBytes,
): unknown {
  if (value.length > maxBytes) {
    return new MalformedRequest(
      `the request body of ${value.length} bytes is too large (query limit maxRequestBytes = ${maxBytes})`,
    );
  }
  let text: string;
  try {
    text = decoder.decode(value);
  } catch {
    return new MalformedRequest('the request body is not valid UTF-8');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new MalformedRequest(`the request body is not JSON: ${(error as Error).message}`);
  }
}
