import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { NewLogEntry } from '@authtrail/contracts';
import { MemoryHashStore, storedHashCount, TreeFrontier } from '@authtrail/merkle';
import { eventHistory } from '../../../test/fixtures/event-history';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { connectionOf } from '../../../test/fixtures/log-connection';
import { verifyChain } from './chain-verifier';
import { SqliteEventLog } from './sqlite-event-log';
import { TreeHasher } from './tree-hasher';
import { GENESIS_HASH } from './entry-hash';

const entries = (count: number, seed = 7): NewLogEntry[] =>
  eventHistory(count, 5, seed).map((event, i) => newLogEntry(event, i + 1));

/** The entry with `extra` after its host (in the entry and its event): a longer or wider text. */
const widened = (entry: NewLogEntry, extra: string): NewLogEntry => ({
  ...entry,
  host: `${entry.host}${extra}`,
  event: { ...entry.event, host: `${entry.event.host}${extra}` },
});

/** Every stored hash of the log's tree, as hex. */
function allHashes(log: SqliteEventLog): string[] {
  const indexes = Array.from({ length: storedHashCount(log.lastSeq()) }, (_, i) => i);
  return log
    .treeReader()(indexes)
    .map((hash) => Buffer.from(hash).toString('hex'));
}

/** Blocks this thread for `ms` (what a busy writer does while a thread dies beside it). */
const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const workerOf = (hasher: TreeHasher) => (hasher as unknown as { worker: Worker }).worker;

describe("the tree's hashes on a thread of their own", () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'authtrail-tree-hasher-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the hashes the writer computes itself, batch by batch, whatever the texts', () => {
    const all = entries(3_300);
    // A text too long for a job, others of multibyte characters, in a batch of many jobs.
    all[1_500] = widened(all[1_500], 'x'.repeat(70_000));
    all[1_501] = widened(all[1_501], 'é€😀'.repeat(300));
    all[40] = widened(all[40], 'ü');
    const own = new SqliteEventLog(join(dir, 'own.db'));
    const threaded = new SqliteEventLog(join(dir, 'threaded.db'));
    const failures: string[] = [];
    threaded.hashTreeOnThread((reason) => failures.push(reason));
    try {
      for (const log of [own, threaded]) {
        let at = 0;
        for (const size of [1, 31, 32, 33, 1, 600, 2_500, 102]) {
          log.append(all.slice(at, at + size));
          at += size;
          if (at === 98) {
            // A batch that fails (an event_id logged with other content): nothing of it stays.
            const clash = { ...all[0], event: { ...all[0].event, host: 'elsewhere' } };
            expect(() => log.append([all[at], all[at + 1], clash])).toThrow();
          }
        }
      }
      expect(threaded.lastSeq()).toBe(3_300);
      expect(allHashes(threaded)).toEqual(allHashes(own));
      const memory = new MemoryHashStore();
      for (let seq = 1; seq <= 3_300; seq++) memory.append(threaded.leafText(seq)!);
      expect(allHashes(threaded)[storedHashCount(3_300) - 1]).toBe(
        Buffer.from(memory.read([storedHashCount(3_300) - 1])[0]).toString('hex'),
      );
      expect(verifyChain(connectionOf(threaded))).toEqual({ ok: true, checked: 3_300 });
      // Rows of at most 32 entries each, as the writer writes them.
      const starts = connectionOf(threaded)
        .prepare('SELECT seq FROM tree_hashes ORDER BY seq')
        .pluck()
        .all() as number[];
      expect(starts.every((seq, i) => (starts[i + 1] ?? 3_301) - seq <= 32)).toBe(true);
      expect(failures).toEqual([]);
    } finally {
      own.close();
      threaded.close();
    }
  });

  it('hands the entries back when the thread dies under a transaction, which stores them whole', () => {
    const all = entries(400);
    const own = new SqliteEventLog(join(dir, 'own.db'));
    const threaded = new SqliteEventLog(join(dir, 'threaded.db'));
    const failures: string[] = [];
    threaded.hashTreeOnThread((reason) => failures.push(reason));
    try {
      own.append(all);
      threaded.append(all.slice(0, 100));
      const hasher = (threaded as unknown as { tree: { hasher: TreeHasher } }).tree.hasher;
      void workerOf(hasher).terminate();
      block(300);
      // The thread is gone, and the writer has not heard: it waits 2 s, then hashes on its own.
      threaded.append(all.slice(100, 300));
      expect(failures).toEqual(["the tree's hashing thread did not answer within 2000 ms"]);
      threaded.append(all.slice(300));
      expect(allHashes(threaded)).toEqual(allHashes(own));
      expect(verifyChain(connectionOf(threaded))).toEqual({ ok: true, checked: 400 });
    } finally {
      own.close();
      threaded.close();
    }
  });

  it('gives the hashes a frontier gives, and takes nothing once its thread has ended', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `entry ${i + 1}`);
    const failures: string[] = [];
    const hasher = new TreeHasher((reason) => failures.push(reason));
    try {
      const edge = () => TreeFrontier.read(0, () => []).edge();
      texts.forEach((text, i) => {
        expect(hasher.layOut(i + 1, GENESIS_HASH, text, edge)).toBeDefined();
        hasher.placed(i + 1);
      });
      const outcome = hasher.finish();
      const frontier = TreeFrontier.read(0, () => []);
      const expected = texts.map((text) => frontier.appendText(text));
      expect(outcome).toEqual({
        runs: [
          { first: 1, hashes: Buffer.concat(expected.slice(0, 64)) },
          { first: 65, hashes: Buffer.concat(expected.slice(64)) },
        ],
      });
      await workerOf(hasher).terminate();
      expect(failures).toEqual([expect.stringMatching(/hashing thread ended/)]);
      expect(hasher.working).toBe(false);
      expect(hasher.layOut(71, GENESIS_HASH, 'entry 71', edge)).toBeUndefined();
    } finally {
      hasher.close();
    }
  });
});
