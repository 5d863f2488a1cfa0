import { Worker } from 'node:worker_threads';
import { workerScript } from './worker-script';

/** What the last checkpoint did: frames in the write-ahead log, and how many are in the file. */
export interface CheckpointProgress {
  log: number;
  checkpointed: number;
}

/**
 * Copies a log file's write-ahead log into the database on a background thread. SQLite does it
 * by default at the end of a commit once the WAL holds 1,000 pages, in the committing thread: the
 * copy and its fsync then hold the writer's event loop, for hundreds of milliseconds while
 * long reads (which a checkpoint must work around) run beside it. The writer turns its own
 * checkpoints off (`wal_autocheckpoint = 0`) while this runs.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private last?: CheckpointProgress;
  private lastError?: string;
  private stopped = false;
  private onStopped?: () => void;

  constructor(path: string, everyMs = 1_000) {
    const script = workerScript('wal-checkpoint-worker', { path, everyMs });
    this.worker = new Worker(script.file, script.options);
    this.worker.unref();
    this.worker.on(
      'message',
      (message: CheckpointProgress | { error: string } | { stopped: true }) => {
        if ('stopped' in message) this.onStopped?.();
        else if ('error' in message) this.lastError = message.error;
        else this.last = message;
      },
    );
  }

  /** The last checkpoint's figures (none before the first), and the last failure, if any. */
  get progress(): { last?: CheckpointProgress; lastError?: string } {
    return { last: this.last, lastError: this.lastError };
  }

  /** A last checkpoint, then the thread ends. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Held open until the last checkpoint is done, then ended (it has nothing left to do).
    this.worker.ref();
    const done = new Promise<void>((resolve) => {
      this.onStopped = resolve;
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage('stop');
    await done;
    await this.worker.terminate();
  }

  /** Ends the thread now (what it had not copied stays in the write-ahead log, which is safe). */
  terminate(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.worker.terminate();
  }
}
