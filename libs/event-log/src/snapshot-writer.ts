import { Worker } from 'node:worker_threads';
import type { SnapshotRowToWrite } from './snapshot-sql';
import type { SnapshotWriterMessage } from './snapshot-writer-worker';
import { workerScript } from './worker-script';

/** A snapshot's state sent a piece at a time, then written as one row. */
export interface SnapshotStream {
  add(piece: string): void;
  /** Writes the snapshot with the pieces sent as its state; settles once it is in the file. */
  finish(row: Omit<SnapshotRowToWrite, 'state'>): Promise<void>;
  /** Drops what was sent. */
  abort(): void;
}

/**
 * Writes projection snapshots on a thread of their own. A snapshot of 100,000 sessions is a
 * 21 MB row: joined, inserted and fsynced on the writer's thread it held the event loop for
 * hundreds of milliseconds, and so did handing it to another thread in one message. The caller
 * sends the state in pieces as it serialises it, and must not write the log while a snapshot
 * is being written (SQLite has one writer at a time; the log's commits would wait for the lock
 * on the event loop): it awaits `finish` first.
 */
export class SnapshotWriter {
  private worker?: Worker;
  private nextId = 1;
  private nextStream = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(private readonly path: string) {}

  stream(): SnapshotStream {
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

  private post(message: SnapshotWriterMessage): void {
    this.start().postMessage(message);
  }

  private request(message: (id: number) => SnapshotWriterMessage): Promise<void> {
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
    const script = workerScript('snapshot-writer-worker', { path: this.path });
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
    worker.on('exit', (code) => lost(new Error(`the snapshot writer exited with ${code}`)));
    this.worker = worker;
    return worker;
  }
}
