import { Worker } from 'node:worker_threads';
import type { CheckpointRowToWrite } from './checkpoint-sql';
import type { CheckpointWriterMessage } from './checkpoint-writer-worker';
import { workerScript } from './worker-script';

/** A checkpoint's state sent a piece at a time, then written as one row. */
export interface CheckpointStream {
  add(piece: string): void;
  /** Writes the checkpoint with the pieces sent as its state; settles once it is in the file. */
  finish(row: Omit<CheckpointRowToWrite, 'state'>): Promise<void>;
  /** Drops what was sent. */
  abort(): void;
}

/**
 * Writes projection checkpoints on a thread of their own. A checkpoint of 100,000 sessions is a
 * 21 MB row: joined, inserted and fsynced on the writer's thread it held the event loop for
 * hundreds of milliseconds, and so did handing it to another thread in one message. The caller
 * sends the state in pieces as it serialises it, and must not write the log while a checkpoint
 * is being written (SQLite has one writer at a time; the log's commits would wait for the lock
 * on the event loop): it awaits `finish` first.
 */
export class CheckpointWriter {
  private worker?: Worker;
  private nextId = 1;
  private nextStream = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(private readonly path: string) {}

  stream(): CheckpointStream {
    const stream = this.nextStream++;
    return {
      add: (piece) => this.post({ kind: 'piece', stream, piece }),
      finish: (row) => this.request((id) => ({ kind: 'finish', id, stream, row })),
      abort: () => this.post({ kind: 'abort', stream }),
    };
  }

  /** Ends the thread once what was sent is written. */
  async close(): Promise<void> {
    if (!this.worker) return;
    await this.request((id) => ({ kind: 'stop', id }));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private post(message: CheckpointWriterMessage): void {
    this.start().postMessage(message);
  }

  private request(message: (id: number) => CheckpointWriterMessage): Promise<void> {
    const worker = this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(message(id));
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const script = workerScript('checkpoint-writer-worker', { path: this.path });
    const worker = new Worker(script.file, script.options);
    worker.unref();
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
