import { Worker } from 'node:worker_threads';
import type { ReadJobRequest } from './read-jobs';
import { workerScript } from './worker-script';

/** Refused at once: the pool already holds as many jobs as it may (running and waiting). */
export class ReadPoolBusyError extends Error {
  override readonly name = 'ReadPoolBusyError';

  constructor(
    readonly inFlight: number,
    readonly capacity: number,
  ) {
    super(
      `the service is busy with ${inFlight} heavy reads (at most ${capacity} at once): retry later`,
    );
  }
}

/** Whether a job counts against the pool's capacity (`limited`) or was bounded by its caller. */
export type Admission = 'limited' | 'reserved';

export interface ReadPoolOptions {
  /** Worker threads, each with its own read-only connection (started on first use). */
  threads: number;
  /** Jobs that may wait for a thread; beyond that a job is refused with ReadPoolBusyError. */
  maxQueued: number;
}

interface Pending {
  id: number;
  job: ReadJobRequest;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** A job that threw in its worker: its message and stack there. */
interface JobFailure {
  message: string;
  stack?: string;
}

function failed({ message, stack }: JobFailure): Error {
  const error = new Error(message);
  if (stack) error.stack = stack;
  return error;
}

interface Slot {
  worker: Worker;
  running?: Pending;
}

/**
 * A few worker threads that run read jobs over the log file, so that a long read (a count or a
 * filter over the whole log, a fold, a chain check) never holds the caller's event loop. Jobs
 * wait in a bounded queue; the threads are referenced only while they run one, so an idle pool
 * keeps no process alive.
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly path: string,
    readonly options: ReadPoolOptions,
  ) {}

  /** Most jobs held at once: one running per thread, plus the queue. */
  get capacity(): number {
    return this.options.threads + this.options.maxQueued;
  }

  /** Jobs running or waiting. */
  get inFlight(): number {
    return this.queue.length + this.slots.filter((slot) => slot.running).length;
  }

  /**
   * Runs `job`. A `reserved` job skips the capacity check: for callers that bound their own jobs
   * (a replay streaming window after window, itself admitted by a gate) and must not be refused
   * half-way.
   */
  run<T>(job: ReadJobRequest, admission: Admission = 'limited'): Promise<T> {
    return this.runAll<T>([job], admission).then(([result]) => result);
  }

  /** Runs the jobs side by side; admits all of them or none (ReadPoolBusyError). */
  runAll<T>(jobs: readonly ReadJobRequest[], admission: Admission = 'limited'): Promise<T[]> {
    if (this.closed) return Promise.reject(new Error('the read pool is closed'));
    if (admission === 'limited' && this.inFlight + jobs.length > this.capacity) {
      return Promise.reject(new ReadPoolBusyError(this.inFlight, this.capacity));
    }
    const results = jobs.map(
      (job) =>
        new Promise<T>((resolve, reject) => {
          this.queue.push({ id: this.nextId++, job, resolve: resolve as never, reject });
        }),
    );
    this.dispatch();
    return Promise.all(results);
  }

  close(): void {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the read pool closed'));
    for (const slot of this.slots.splice(0)) {
      slot.running?.reject(new Error('the read pool closed'));
      void slot.worker.terminate();
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.running) ?? this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.running = pending;
      slot.worker.ref();
      slot.worker.postMessage({ id: pending.id, job: pending.job });
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.options.threads) return undefined;
    const script = workerScript('read-worker', { path: this.path });
    const slot: Slot = { worker: new Worker(script.file, script.options) };
    slot.worker.unref();
    slot.worker.on('message', (reply: { id: number; result?: unknown; error?: JobFailure }) => {
      const pending = slot.running;
      if (!pending || pending.id !== reply.id) return;
      slot.running = undefined;
      slot.worker.unref();
      if (reply.error !== undefined) pending.reject(failed(reply.error));
      else pending.resolve(reply.result);
      this.dispatch();
    });
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      slot.running?.reject(error);
      slot.running = undefined;
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => lost(new Error(`a read worker exited with ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}
