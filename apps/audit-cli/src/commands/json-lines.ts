import { CliError } from '../errors/cli-error';

/** Moves the cursor to the start of the line and clears it (ends a `\r` progress line). */
export const CLEAR_LINE = '\r\x1b[K';

/** The part of a writable stream a {@link LineWriter} uses. */
export interface LineSink {
  write(text: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Writes text to a stream, waiting for 'drain' whenever the stream's buffer is full, so a slow
 * reader slows the writer instead of filling memory. When the reader goes away (EPIPE, e.g.
 * `| head`), {@link closed} turns true and writes are dropped, so the caller can stop quietly.
 */
export class LineWriter {
  private broken = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(private readonly sink: LineSink) {
    sink.on('error', (error) => {
      if (error.code === 'EPIPE') this.broken = true;
      else this.failure = error;
      this.wake?.();
    });
  }

  /** True once the reader has closed the stream. */
  get closed(): boolean {
    return this.broken;
  }

  /** Writes `text`, waiting while the stream is full; false when the reader has gone. */
  async write(text: string): Promise<boolean> {
    this.check();
    if (this.broken) return false;
    if (!this.sink.write(text)) await this.drained();
    this.check();
    return !this.broken;
  }

  private check(): void {
    if (this.failure) throw new CliError(`cannot write the output: ${this.failure.message}`);
  }

  private drained(): Promise<void> {
    if (this.broken || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.sink.off('drain', done);
        this.sink.off('close', done);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.sink.once('drain', done);
      this.sink.once('close', done);
    });
  }
}

let stdoutWriter: LineWriter | undefined;

/** The one LineWriter of process.stdout (one 'error' listener however many commands run). */
export function stdoutLines(): LineWriter {
  stdoutWriter ??= new LineWriter(process.stdout);
  return stdoutWriter;
}
