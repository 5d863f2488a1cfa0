import type { ConsumerDeserializer, IncomingRequest } from '@nestjs/microservices';

/** Stands in for a request body that is not JSON; handlers answer it with a 400. */
export class MalformedRequest {
  constructor(readonly reason: string) {}
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Plain JSON requests from any NATS client (no framework envelope). The reply subject is the
 * request id, so every request gets a reply; a body that is not JSON becomes MalformedRequest
 * instead of an exception (which would end the process). An empty body means `{}`.
 */
export class JsonRequestDeserializer implements ConsumerDeserializer {
  deserialize(
    value: Uint8Array,
    options?: { channel?: string; replyTo?: string },
  ): IncomingRequest {
    return {
      pattern: options?.channel ?? '',
      data: parseBody(value),
      id: options?.replyTo ?? undefined!,
    };
  }
}

export function parseBody(value: Uint8Array): unknown {
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
