import type { Worker } from 'node:worker_threads';

/** The next message a benchmark's worker thread posts (rejected if the worker fails first). */
export function nextReply<T>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
