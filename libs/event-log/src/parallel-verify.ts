import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifyResult } from './event-log';

const WORKER_FILE = join(__dirname, 'verify-worker.js');

function runWorker(path: string, fromSeq: number, toSeq: number): Promise<VerifyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { path, fromSeq, toSeq } });
    worker.once('message', (result: VerifyResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`verify worker exited with ${code}`));
    });
  });
}

/** Whether workers can run here (they need the compiled worker file, as in dist/). */
export function canVerifyInWorkers(): boolean {
  return existsSync(WORKER_FILE);
}

/**
 * Verifies [fromSeq, toSeq] in `workers` contiguous ranges at once, each on its own thread and
 * read-only connection. Each range starts from the stored hash before it, which the range before
 * checks, so the result is the same as one walk: the first failing range decides.
 */
export async function verifyInWorkers(
  path: string,
  fromSeq: number,
  toSeq: number,
  workers: number,
): Promise<VerifyResult> {
  const span = toSeq - fromSeq + 1;
  const size = Math.ceil(span / workers);
  const ranges: [number, number][] = [];
  for (let start = fromSeq; start <= toSeq; start += size)
    ranges.push([start, Math.min(toSeq, start + size - 1)]);
  const results = await Promise.all(ranges.map(([from, to]) => runWorker(path, from, to)));
  let checked = 0;
  for (const result of results) {
    if (!result.ok) return { ...result, checked: checked + result.checked };
    checked += result.checked;
  }
  return { ok: true, checked };
}
