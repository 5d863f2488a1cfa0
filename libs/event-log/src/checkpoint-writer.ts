import { Worker } from 'node:worker_threads';
import type { CheckpointRowToWrite } from './checkpoint-sql';
import { workerScript } from './worker-script';

/**
 * Writes projection checkpoints on a thread of their own. A checkpoint of 100,000 sessions is a
 * 21 MB row: inserted and fsynced on the writer's thread it held the event loop for hundreds of
 * milliseconds. The caller must not write the log meanwhile (SQLite has one writer at a time; the
 * log's own commits would wait for the lock on the event loop): it awaits `save` first.
 */
export class CheckpointWriter {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(private readonly path: string) {}

  save(row: CheckpointRowToWrite): Promise<void> {
    return this.send(row);
  }

  /** Ends the thread once what was sent is written. */
  async close(): Promise<void> {
    if (!this.worker) return;
    await this.send(undefined);
    await this.worker.terminate();
    this.worker = undefined;
  }

  private send(row: CheckpointRowToWrite | undefined): Promise<void> {
    const worker = this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, row });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const script = workerScript('checkpoint-writer-worker', { path: this.path });
    const worker = new Worker(script.file, script.options);
    worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(error));
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the checkpoint writer exited with ${code}`)));
    this.worker = worker;
    return worker;
  }
}
