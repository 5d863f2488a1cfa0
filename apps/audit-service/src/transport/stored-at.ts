import type { JsMsg } from 'nats';

/**
 * The time JetStream stored a delivered message, read exactly from its ack subject
 * (`$JS.ACK.[<domain>.<account>.]<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<nanos>.<pending>`).
 * `JsMsg.info.timestampNanos` is a float that cannot hold nanoseconds since 1970 exactly, so its
 * millisecond can be one off from the stored message's `time`; every replica must agree on it.
 */
export function storedAtFromAckSubject(reply: string): Date {
  const tokens = reply.split('.');
  const nanos = tokens.length === 9 ? tokens[7] : tokens[9];
  if (!/^\d+$/.test(nanos ?? '')) throw new Error(`not a JetStream ack subject: ${reply}`);
  // Whole milliseconds: the digits before the last six, exact as a number (no BigInt needed).
  return new Date(nanos.length > 6 ? Number(nanos.slice(0, -6)) : 0);
}

/** When JetStream stored a delivered message (the ack subject is on the message, though untyped). */
export function storedAt(message: JsMsg): Date {
  const reply = (message as JsMsg & { reply?: unknown }).reply;
  if (typeof reply === 'string') return storedAtFromAckSubject(reply);
  return new Date(Math.floor(message.info.timestampNanos / 1e6));
}
