import { parentPort, workerData } from 'node:worker_threads';
import { HASH_SIZE, TreeFrontier } from '@authtrail/merkle';
import {
  COUNT,
  DONE,
  EDGE_COUNT,
  ENTRY_HEAD,
  FIRST,
  JOB_ENTRIES,
  POSTED,
  RESULT_LENGTH,
  RING_SLOTS,
  STOP,
  TreeHashRing,
} from './tree-hash-ring';

/**
 * Worker entry of TreeHasher: takes the jobs of the shared ring in order and writes each one's
 * row of tree hashes, from a frontier it keeps from job to job (or the edge a job brings). It
 * waits on the ring's counters, not on messages: the writer is blocked in its transaction while
 * it waits for a row, so nothing but shared memory can pass between them then.
 */
interface HashWorkerData {
  buffer: SharedArrayBuffer;
}

/** How long the thread sleeps between looks at the stop word when no job comes. */
const IDLE_WAIT_MS = 1_000;

/** Hashes the job in `slot` onto `frontier`; returns the frontier it leaves (undefined: failed). */
function hashJob(ring: TreeHashRing, slot: number, from?: TreeFrontier): TreeFrontier | undefined {
  const first = ring.header(slot, FIRST);
  const count = ring.header(slot, COUNT);
  const edgeCount = ring.header(slot, EDGE_COUNT);
  const text = ring.text(slot);
  const result = ring.result(slot);
  let frontier = from;
  let offset = 0;
  if (edgeCount >= 0) {
    const edge = [];
    // Copies: the slot is the writer's again once the job is done.
    for (let i = 0; i < edgeCount; i++, offset += HASH_SIZE) {
      edge.push(Buffer.from(text.subarray(offset, offset + HASH_SIZE)));
    }
    frontier = TreeFrontier.fromEdge(first - 1, edge);
  }
  if (frontier === undefined || frontier.size !== first - 1 || count > JOB_ENTRIES) {
    ring.setHeader(slot, RESULT_LENGTH, -1);
    return undefined;
  }
  let written = 0;
  for (let i = 0; i < count; i++) {
    // The leaf data with its prefix: the last byte of the entry's head, then its text.
    const length = ring.lengths[slot * JOB_ENTRIES + i];
    const start = offset + ENTRY_HEAD - 1;
    written += frontier.appendPrefixedInto(text.subarray(start, start + length), result, written);
    offset = start + length;
  }
  ring.setHeader(slot, RESULT_LENGTH, written);
  return frontier;
}

if (parentPort) {
  const ring = TreeHashRing.of((workerData as HashWorkerData).buffer);
  const { control } = ring;
  let frontier: TreeFrontier | undefined;
  let done = Atomics.load(control, DONE);
  while (Atomics.load(control, STOP) === 0) {
    const posted = Atomics.load(control, POSTED);
    if (posted === done) {
      Atomics.wait(control, POSTED, posted, IDLE_WAIT_MS);
      continue;
    }
    const slot = done % RING_SLOTS;
    try {
      frontier = hashJob(ring, slot, frontier);
    } catch {
      frontier = undefined;
      ring.setHeader(slot, RESULT_LENGTH, -1);
    }
    done += 1;
    Atomics.store(control, DONE, done);
    Atomics.notify(control, DONE);
  }
}
