import { HASH_SIZE } from '@authtrail/merkle';

/**
 * The memory the log's writer and its tree-hashing thread share (TreeHasher, tree-hash-worker):
 * a ring of job slots. A job is up to JOB_ENTRIES consecutive entries: the writer puts each
 * entry's canonical text in its slot as UTF-8 after ENTRY_HEAD bytes of room (where it hashes the
 * chain: the previous hash, whose last byte it then makes the leaf prefix 0x00), and, when the
 * thread must start from a tree it has not seen, the frontier's edge before them; it counts the
 * job as posted and wakes the thread, which writes the entries' stored hashes one after another
 * in the slot's result and counts it as done. The counters are the only words both sides write;
 * a slot belongs to the writer until posted, to the thread until done.
 */
export const RING_SLOTS = 32;
/** The most entries in one job (two rows of the tree's table). */
export const JOB_ENTRIES = 64;
/** Bytes before each entry's text: the chain's previous hash (64), whose last is the prefix. */
export const ENTRY_HEAD = 64;
/** Room for a job's edge (at most 64 hashes) and its entries. */
export const TEXT_BYTES = 128 * 1024;
/** Room for a job's hashes: 64 leaves close at most 63 + 58 subtrees (185 hashes, 5,920 bytes). */
const RESULT_BYTES = 8 * 1024;
/** The most bytes an edge takes: one hash per bit of a tree size. */
export const EDGE_BYTES = 64 * HASH_SIZE;

/** Indexes of the control words. */
export const POSTED = 0;
export const DONE = 1;
export const STOP = 2;
const CONTROL_WORDS = 4;

/** Indexes of a slot's header fields. */
export const FIRST = 0;
export const COUNT = 1;
/** The edge's hashes before the texts, or -1 when the thread goes on from its own frontier. */
export const EDGE_COUNT = 2;
/** The row's length in bytes once done, or -1 when the thread could not hash the job. */
export const RESULT_LENGTH = 3;
const HEADER_FIELDS = 4;

export class TreeHashRing {
  /** [POSTED, DONE, STOP]: jobs posted and done so far, and whether the thread is to end. */
  readonly control: Int32Array;
  readonly headers: Float64Array;
  /** Each entry's leaf data length in its slot, prefix byte included. */
  readonly lengths: Int32Array;
  private readonly texts: Buffer;
  private readonly results: Buffer;

  private constructor(readonly buffer: SharedArrayBuffer) {
    let at = 0;
    const take = (bytes: number) => ((at += bytes), at - bytes);
    this.control = new Int32Array(buffer, take(CONTROL_WORDS * 4), CONTROL_WORDS);
    this.headers = new Float64Array(
      buffer,
      take(RING_SLOTS * HEADER_FIELDS * 8),
      RING_SLOTS * HEADER_FIELDS,
    );
    this.lengths = new Int32Array(
      buffer,
      take(RING_SLOTS * JOB_ENTRIES * 4),
      RING_SLOTS * JOB_ENTRIES,
    );
    this.texts = Buffer.from(buffer, take(RING_SLOTS * TEXT_BYTES), RING_SLOTS * TEXT_BYTES);
    this.results = Buffer.from(buffer, take(RING_SLOTS * RESULT_BYTES), RING_SLOTS * RESULT_BYTES);
  }

  /** A new ring (the writer's side). */
  static create(): TreeHashRing {
    const bytes =
      CONTROL_WORDS * 4 +
      RING_SLOTS * (HEADER_FIELDS * 8 + JOB_ENTRIES * 4 + TEXT_BYTES + RESULT_BYTES);
    return new TreeHashRing(new SharedArrayBuffer(bytes));
  }

  /** The ring the writer created (the thread's side). */
  static of(buffer: SharedArrayBuffer): TreeHashRing {
    return new TreeHashRing(buffer);
  }

  header(slot: number, field: number): number {
    return this.headers[slot * HEADER_FIELDS + field];
  }

  setHeader(slot: number, field: number, value: number): void {
    this.headers[slot * HEADER_FIELDS + field] = value;
  }

  /** Slot `slot`'s edge and texts. */
  text(slot: number): Buffer {
    return this.texts.subarray(slot * TEXT_BYTES, (slot + 1) * TEXT_BYTES);
  }

  /** Slot `slot`'s row. */
  result(slot: number): Buffer {
    return this.results.subarray(slot * RESULT_BYTES, (slot + 1) * RESULT_BYTES);
  }
}
