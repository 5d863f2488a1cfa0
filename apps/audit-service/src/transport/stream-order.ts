/** A message the transport hands on: from the consumer (ackable) or read from the stream. */
export interface OrderedMessage<M> {
  seq: number;
  /** The consumer's message, absent for a message read directly from the stream to fill a gap. */
  delivered?: M;
}

/**
 * Puts a batch in stream order starting at `next`, the first sequence not yet handled: messages
 * below `next` are redeliveries of handled ones (kept, the handler drops duplicates); a gap
 * before a delivered message lists the sequences to read from the stream first. Pure.
 */
export function orderBatch<M>(
  batch: readonly { seq: number; message: M }[],
  next: number,
): { ordered: OrderedMessage<M>[]; missing: number[]; next: number } {
  const sorted = [...batch].sort((a, b) => a.seq - b.seq);
  const ordered: OrderedMessage<M>[] = [];
  const missing: number[] = [];
  let expected = next;
  for (const { seq, message } of sorted) {
    if (seq < expected) {
      ordered.push({ seq, delivered: message });
      continue;
    }
    for (let gap = expected; gap < seq; gap++) {
      missing.push(gap);
      ordered.push({ seq: gap });
    }
    ordered.push({ seq, delivered: message });
    expected = seq + 1;
  }
  return { ordered, missing, next: expected };
}

/**
 * The next batch to read straight from the stream while catching up to `catchUpTo` (the last
 * sequence the consumer delivered before this run): up to `batchSize` sequences from `next`, none
 * delivered; empty once caught up. Pure.
 */
export function catchUpBatch<M>(
  next: number,
  catchUpTo: number,
  batchSize: number,
): OrderedMessage<M>[] {
  const last = Math.min(catchUpTo, next + batchSize - 1);
  const batch: OrderedMessage<M>[] = [];
  for (let seq = next; seq <= last; seq++) batch.push({ seq });
  return batch;
}
