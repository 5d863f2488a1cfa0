/**
 * The last stream sequence the log has handled: its last entry's, or the durable consumer's ack
 * floor when that is further (messages after the last entry that were dead-lettered). An empty
 * log has handled nothing, whatever a consumer left by another log says. Pure.
 */
export function handledThrough(logStreamSeq: number, consumerAckFloor: number): number {
  return logStreamSeq === 0 ? 0 : Math.max(logStreamSeq, consumerAckFloor);
}

/** Stream sequences, inclusive. */
export interface SeqRange {
  from: number;
  to: number;
}

/**
 * The sequences after `handled` that the stream no longer holds (its limits dropped them before
 * this log had them), or undefined when the stream still holds everything the log lacks. A stream
 * that never held a message reports a first sequence of 0. Pure.
 */
export function missingHistory(handled: number, streamFirstSeq: number): SeqRange | undefined {
  return handled + 1 < streamFirstSeq ? { from: handled + 1, to: streamFirstSeq - 1 } : undefined;
}
