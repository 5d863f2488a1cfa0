import { Worker } from 'node:worker_threads';
import { type Hash, HASH_SIZE } from '@authtrail/merkle';
import { workerScript } from './worker-script';
import {
  COUNT,
  DONE,
  EDGE_BYTES,
  EDGE_COUNT,
  ENTRY_HEAD,
  FIRST,
  JOB_ENTRIES,
  POSTED,
  RESULT_LENGTH,
  RING_SLOTS,
  STOP,
  TEXT_BYTES,
  TreeHashRing,
} from './tree-hash-ring';

/** The stored hashes of consecutive entries from `first`, one after another. */
export interface HashedRun {
  first: number;
  hashes: Buffer;
}

/**
 * What the thread gave for the entries placed since the last finish(): their hashes, or, when it
 * failed (it ended or did not answer in time), the range of those entries, to be hashed again by
 * the caller.
 */
export type HashOutcome = { runs: HashedRun[] } | { failed: string; from: number; to: number };

/** The longest a writer waits for the thread before hashing on its own (and for good). */
const WAIT_MS = 2_000;
/** How long the writer spins on the done counter before it sleeps on it. */
const SPIN_MS = 0.2;

interface OpenJob {
  slot: number;
  text: Buffer;
  first: number;
  count: number;
  offset: number;
  /** The text bytes of the entry laid out last (added by placed()). */
  laidOut: number;
}

/**
 * The tree's leaf and node hashes computed on a thread of their own while the writer inserts the
 * entries (tree-hash-worker). The writer lays each entry out in the shared ring (layOut(), then
 * placed()): the previous chain hash and the entry's canonical text as UTF-8, the bytes it hashes
 * for the chain, so the text is encoded once for both hashes; it takes the hashes at the
 * end of its transaction (finish()), waiting at most for the last job. Any failure of the thread
 * hands the entries' range back and ends its use: the writer then hashes them itself.
 */
export class TreeHasher {
  private readonly ring = TreeHashRing.create();
  private readonly worker: Worker;
  private posted = 0;
  private collected = 0;
  private open?: OpenJob;
  private runs: HashedRun[] = [];
  /** The first and last entries placed since the last finish() (0 when none). */
  private from = 0;
  private to = 0;
  /** The tree size the thread's frontier reaches once the jobs posted are done, when known. */
  private size?: number;
  private failure?: string;
  private closed = false;

  constructor(private readonly onFailure: (reason: string) => void = () => undefined) {
    const script = workerScript('tree-hash-worker', { buffer: this.ring.buffer });
    this.worker = new Worker(script.file, script.options);
    this.worker.unref();
    this.worker.on('error', (error) => this.fail(`the tree's hashing thread failed: ${error}`));
    this.worker.on('exit', (code) => this.fail(`the tree's hashing thread ended (${code})`));
  }

  /** Whether the thread still takes entries. */
  get working(): boolean {
    return this.failure === undefined;
  }

  /** Whether entries were placed since the last finish(). */
  get busy(): boolean {
    return this.to !== 0;
  }

  /**
   * Lays entry `seq` out in the ring: `previousHash` (the chain's, 64 hex digits) then its
   * canonical text as UTF-8, and gives those bytes, which the chain hash covers
   * (chainHashOfBytes); undefined when the thread does not take it (it failed, or the text would
   * not fit a job). `edge(size)` gives the frontier's edge of the tree of `size` entries as
   * stored, for a job the thread cannot go on to from its own frontier. The entry is added by
   * placed(); laid out again instead, it is not.
   */
  layOut(
    seq: number,
    previousHash: string,
    text: string,
    edge: (size: number) => Hash[],
  ): Buffer | undefined {
    if (this.failure !== undefined) return undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = ENTRY_HEAD + 3 * text.length;
    if (room > TEXT_BYTES - EDGE_BYTES) {
      this.size = undefined;
      return undefined;
    }
    let job = this.open;
    if (job && (job.count === JOB_ENTRIES || job.offset + room > TEXT_BYTES)) {
      this.post(job);
      job = undefined;
    }
    job ??= this.openJob(seq, edge);
    if (job === undefined) return undefined;
    const at = job.offset;
    job.text.write(previousHash, at, 'latin1');
    job.laidOut = job.text.write(text, at + ENTRY_HEAD);
    return job.text.subarray(at, at + ENTRY_HEAD + job.laidOut);
  }

  /** Adds entry `seq`, laid out last. */
  placed(seq: number): void {
    const job = this.open!;
    // The last byte of the previous hash, hashed by now, becomes the leaf prefix.
    job.text[job.offset + ENTRY_HEAD - 1] = 0;
    this.ring.lengths[job.slot * JOB_ENTRIES + job.count] = job.laidOut + 1;
    job.offset += ENTRY_HEAD + job.laidOut;
    job.count += 1;
    if (this.from === 0) this.from = seq;
    this.to = seq;
    this.size = seq;
  }

  /** Posts the open job and gives the hashes of every job since the last finish(), in order. */
  finish(): HashOutcome {
    if (this.open && this.open.count > 0) this.post(this.open);
    const { from, to } = this;
    const runs = this.drain();
    return this.failure === undefined ? { runs } : { failed: this.failure, from, to };
  }

  /** After a failed transaction: drops what was placed (the thread's frontier may be ahead). */
  forget(): void {
    this.drain();
    this.size = undefined;
  }

  /**
   * Waits for the jobs posted (at most WAIT_MS) and gives their hashes; the open job, if not
   * posted, is dropped, and nothing placed is left (a failed thread's hashes are never read).
   */
  private drain(): HashedRun[] {
    this.open = undefined;
    const deadline = Date.now() + WAIT_MS;
    while (this.failure === undefined && this.collected < this.posted) this.collect(deadline);
    const { runs } = this;
    this.collected = this.posted;
    this.runs = [];
    this.from = 0;
    this.to = 0;
    return runs;
  }

  /** Ends the thread. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= 'closed';
    Atomics.store(this.ring.control, STOP, 1);
    Atomics.notify(this.ring.control, POSTED);
    void this.worker.terminate();
  }

  /** A slot for a job starting at `seq`, with the edge the thread needs to start there. */
  private openJob(seq: number, edge: (size: number) => Hash[]): OpenJob | undefined {
    const deadline = Date.now() + WAIT_MS;
    while (this.failure === undefined && this.posted - this.collected >= RING_SLOTS) {
      this.collect(deadline);
    }
    if (this.failure !== undefined) return undefined;
    const slot = this.posted % RING_SLOTS;
    const text = this.ring.text(slot);
    let edgeCount = -1;
    let offset = 0;
    if (this.size !== seq - 1) {
      const hashes = edge(seq - 1);
      hashes.forEach((hash, i) => text.set(hash, i * HASH_SIZE));
      edgeCount = hashes.length;
      offset = hashes.length * HASH_SIZE;
    }
    this.ring.setHeader(slot, FIRST, seq);
    this.ring.setHeader(slot, EDGE_COUNT, edgeCount);
    this.open = { slot, text, first: seq, count: 0, offset, laidOut: 0 };
    return this.open;
  }

  private post(job: OpenJob): void {
    this.ring.setHeader(job.slot, COUNT, job.count);
    this.ring.setHeader(job.slot, RESULT_LENGTH, 0);
    this.open = undefined;
    this.posted += 1;
    Atomics.store(this.ring.control, POSTED, this.posted);
    Atomics.notify(this.ring.control, POSTED);
  }

  /** Waits (until `deadline`) for the next job to be done and copies its hashes out. */
  private collect(deadline: number): void {
    const { control } = this.ring;
    let done = Atomics.load(control, DONE);
    if (done <= this.collected) {
      // The thread is usually a few microseconds from done: a short spin spares a sleep.
      const spinUntil = performance.now() + SPIN_MS;
      while (done <= this.collected && performance.now() < spinUntil) {
        done = Atomics.load(control, DONE);
      }
    }
    while (done <= this.collected) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.fail(`the tree's hashing thread did not answer within ${WAIT_MS} ms`);
        return;
      }
      Atomics.wait(control, DONE, done, left);
      done = Atomics.load(control, DONE);
    }
    const slot = this.collected % RING_SLOTS;
    const length = this.ring.header(slot, RESULT_LENGTH);
    if (length < 0) {
      const first = this.ring.header(slot, FIRST);
      this.fail(`the tree's hashing thread could not hash the entries from ${first}`);
      return;
    }
    const hashes = Buffer.from(this.ring.result(slot).subarray(0, length));
    this.runs.push({ first: this.ring.header(slot, FIRST), hashes });
    this.collected += 1;
  }

  private fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.size = undefined;
    Atomics.store(this.ring.control, STOP, 1);
    Atomics.notify(this.ring.control, POSTED);
    void this.worker.terminate();
    this.onFailure(reason);
  }
}
