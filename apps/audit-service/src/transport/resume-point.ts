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
