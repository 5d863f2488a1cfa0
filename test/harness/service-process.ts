import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { SERVICE_MAIN } from './paths';
import { waitFor } from './wait-for';

/** The real service as a child process. */
export class ServiceProcess {
  private child?: ChildProcess;
  /** Standard output and standard error of the last start, as they came. */
  output = '';
  /** Standard error alone of the last start. */
  stderr = '';

  /** `nodeArgs` go to node before the script (e.g. `--cpu-prof` for a benchmark's profile). */
  constructor(
    readonly env: Record<string, string>,
    readonly nodeArgs: readonly string[] = [],
  ) {}

  /** Starts the service and waits up to `timeoutMs` for its ready line (`marker`). */
  async start(marker = 'ready:', timeoutMs = 30_000): Promise<void> {
    this.output = '';
    this.stderr = '';
    const child = spawn(process.execPath, [...this.nodeArgs, SERVICE_MAIN], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.stderr += chunk.toString();
    });
    // 'close' comes after the exit and the end of its output, so the output is whole then.
    let closed = false;
    child.once('close', () => (closed = true));
    try {
      await waitFor(
        'the service to be ready',
        () => (this.output.includes(marker) || closed ? true : undefined),
        timeoutMs,
      );
    } catch (error) {
      // A service that never became ready is not left running behind a failed test.
      await this.stop('SIGKILL');
      throw error;
    }
    if (!this.output.includes(marker)) {
      throw new Error(
        `service exited (${child.exitCode ?? child.signalCode}) before it was ready: ${this.output}`,
      );
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill(signal);
    return exited;
  }
}

/** How a run of the service that ended on its own ended. */
export interface ServiceRun {
  /** The exit code; null when it was killed (e.g. still running after the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A user the process runs as (the test runs as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Runs the built service until it exits on its own (or `timeoutMs` pass). */
export function runServiceUntilItEnds(
  env: Record<string, string>,
  timeoutMs = 20_000,
  as?: RunAs,
): Promise<ServiceRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SERVICE_MAIN],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: timeoutMs, ...as },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });
}
