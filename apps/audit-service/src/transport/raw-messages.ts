import type { JsMsg, StoredMsg } from 'nats';
import type { RawEventMessage } from './raw-event';
import { storedAt } from './stored-at';
import type { OrderedMessage } from './stream-order';

/** A message the consumer delivered, as the handler sees it. */
export function fromDelivered(seq: number, delivered: JsMsg): RawEventMessage {
  return {
    subject: delivered.subject,
    data: delivered.data,
    streamSeq: seq,
    deliveryCount: delivered.info.deliveryCount,
    storedAt: storedAt(delivered),
  };
}

/** A message read straight from the stream (never delivered: a delivery count of 0). */
export function fromStored(stored: StoredMsg): RawEventMessage {
  return {
    subject: stored.subject,
    data: stored.data,
    streamSeq: stored.seq,
    deliveryCount: 0,
    storedAt: stored.time,
  };
}

/**
 * The handler's payload for a batch in stream order: each delivered message, and each one read
 * from the stream in its place; a sequence the stream has no message for (deleted) is left out.
 * Pure.
 */
export function batchPayload(
  batch: readonly OrderedMessage<JsMsg>[],
  read: ReadonlyMap<number, RawEventMessage>,
): RawEventMessage[] {
  const payload: RawEventMessage[] = [];
  for (const { seq, delivered } of batch) {
    const raw = delivered ? fromDelivered(seq, delivered) : read.get(seq);
    if (raw) payload.push(raw);
  }
  return payload;
}
