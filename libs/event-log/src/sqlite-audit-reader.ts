import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { VerifyResult } from './event-log';
import { verifyChain } from './chain-verifier';
import { verifyInPool } from './parallel-verify';
import type { ReadJobRequest } from './read-jobs';
import { ReadPool, type Admission, type ReadPoolOptions } from './read-pool';

/** Ranges shorter than this are checked on the calling thread (a few milliseconds at most). */
const IN_THREAD_LIMIT = 2_000;

/** Two threads for two cores; sixteen jobs waiting at most (each holds only its request). */
export const READ_POOL_DEFAULTS: ReadPoolOptions = { threads: 2, maxQueued: 16 };

/** Read-side access to the log for audit queries, replay and verification. */
export interface AuditReader {
  /**
   * Runs a read job on a worker thread with its own read-only connection; rejects at once with
   * ReadPoolBusyError when the pool already holds as many jobs as it may.
   */
  run<T>(job: ReadJobRequest, admission?: Admission): Promise<T>;
  /** Checks the chain; long ranges run on the worker threads so the caller's thread stays free. */
  verify(fromSeq?: number, toSeq?: number): Promise<VerifyResult>;
  /** The last seq in the log, 0 when it is empty. */
  lastSeq(): number;
  /** Bytes on disk: the database file and its write-ahead log. */
  sizeBytes(): number;
  close(): void;
}

/**
 * Reads the log through read-only connections (WAL lets them run beside the writer, and takes no
 * write lock): one on the calling thread for short reads, one per worker thread for long ones.
 */
export class SqliteAuditReader implements AuditReader {
  private readonly db: Database.Database;
  private readonly pool: ReadPool;
  private readonly maxSeq: Database.Statement;

  constructor(
    private readonly path: string,
    poolOptions: ReadPoolOptions = READ_POOL_DEFAULTS,
  ) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.maxSeq = this.db.prepare('SELECT max(seq) AS m FROM entries');
    this.pool = new ReadPool(path, poolOptions);
  }

  run<T>(job: ReadJobRequest, admission?: Admission): Promise<T> {
    return this.pool.run<T>(job, admission);
  }

  async verify(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): Promise<VerifyResult> {
    const to = Math.min(toSeq, Math.max(this.lastSeq(), fromSeq));
    if (to - fromSeq + 1 < IN_THREAD_LIMIT) return verifyChain(this.db, fromSeq, toSeq);
    return verifyInPool(this.pool, fromSeq, to, this.pool.options.threads);
  }

  lastSeq(): number {
    return (this.maxSeq.get() as { m: number | null }).m ?? 0;
  }

  sizeBytes(): number {
    const size = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return size(this.path) + size(`${this.path}-wal`);
  }

  close(): void {
    this.pool.close();
    this.db.close();
  }
}
