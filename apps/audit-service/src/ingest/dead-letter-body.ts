import { createHash } from 'node:crypto';
import type { JsonObject } from '@authtrail/contracts';
import type { RawEventMessage } from '../transport/raw-event';
import { redactPayload } from './redact-secrets';

/**
 * What a dead letter says about a refused message: where it is in the events stream (the
 * original stays there), when JetStream stored it, why it was refused, its size and SHA-256, and,
 * when it is a JSON object of at most `maxCopy` bytes, the payload with the same redaction as the
 * log's plus the contract's scalar fields (`redacted` lists the paths replaced). Bytes that are
 * not such an object are not copied: they could be a password typed into the wrong field.
 */
export interface DeadLetterBody {
  stream: string;
  stream_seq: number;
  subject: string;
  stored_at: string;
  reasons: string[];
  size: number;
  sha256: string;
  payload?: JsonObject;
  redacted?: string[];
  /** Why `payload` is absent. */
  payload_omitted?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseObject(data: Uint8Array): JsonObject | string {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch {
    return 'not UTF-8 JSON text';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  return value as JsonObject;
}

export function deadLetterBody(
  stream: string,
  message: RawEventMessage,
  reasons: string[],
  options: { maxCopy: number; safeCredentialKeys?: ReadonlySet<string> },
): DeadLetterBody {
  const body: DeadLetterBody = {
    stream,
    stream_seq: message.streamSeq,
    subject: message.subject,
    stored_at: message.storedAt.toISOString(),
    reasons,
    size: message.data.length,
    sha256: createHash('sha256').update(message.data).digest('hex'),
  };
  if (message.data.length > options.maxCopy) {
    body.payload_omitted = `over ${options.maxCopy} bytes`;
    return body;
  }
  const parsed = parseObject(message.data);
  if (typeof parsed === 'string') {
    body.payload_omitted = parsed;
    return body;
  }
  const { value, paths } = redactPayload(parsed, options.safeCredentialKeys);
  body.payload = value;
  body.redacted = paths;
  return body;
}
