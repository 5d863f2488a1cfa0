import { chmodSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';

/** Who holds a log's write lock, as it wrote itself into the lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
}

/** The log is already open for writing by another process (or connection): one log, one writer. */
export class LogLockedError extends Error {
  override readonly name = 'LogLockedError';

  constructor(
    readonly logPath: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(
      `${logPath} is already open for writing by ${
        owner
          ? `pid ${owner.pid} on ${owner.host} (since ${owner.started_at})`
          : 'another process (its owner could not be read)'
      }: one log has one writer`,
    );
  }
}

/** The lock file beside a log: `<log>-lock`, like SQLite's own `-wal` and `-shm`. */
export function lockPathOf(logPath: string): string {
  return `${logPath}-lock`;
}

const OWNER_TABLE = `CREATE TABLE IF NOT EXISTS owner (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  pid        INTEGER NOT NULL,
  host       TEXT    NOT NULL,
  started_at TEXT    NOT NULL
) STRICT`;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * The write lock of one log file, held for the life of the writer. The lock is an OS lock: the
 * SQLite file `<log>-lock` kept inside an open `BEGIN IMMEDIATE` transaction, i.e. SQLite's
 * RESERVED lock, an fcntl byte-range lock that the kernel drops when the process ends however it
 * ends (SIGKILL included), and that SQLite also enforces between connections of one process.
 * Readers of the log never look at it. The owner row (pid, host, start time) is committed just
 * before the lock is taken for good, so a refused writer can read who holds it (a RESERVED lock
 * leaves the file readable).
 */
export class LogLock {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {}

  /** Takes the lock of `logPath`'s lock file, or throws LogLockedError naming its holder. */
  static acquire(logPath: string): LogLock {
    const path = lockPathOf(logPath);
    const fresh = !existsSync(path);
    // No busy wait: a held lock is refused at once.
    const db = new Database(path, { timeout: 0 });
    try {
      if (fresh) chmodSync(path, 0o600);
      const lock = new LogLock(path, db);
      lock.take(logPath);
      return lock;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Releases the lock (the owner row goes with it); a second call does nothing. */
  release(): void {
    if (!this.db.open) return;
    try {
      this.db.prepare(`DELETE FROM owner`).run();
      this.db.exec('COMMIT');
    } catch {
      // A reader of the owner row at this instant: the row stays, the close below still unlocks.
    } finally {
      this.db.close();
    }
  }

  private take(logPath: string): void {
    this.begin(logPath);
    this.db.exec(OWNER_TABLE);
    this.db
      .prepare(`INSERT OR REPLACE INTO owner (id, pid, host, started_at) VALUES (1, ?, ?, ?)`)
      .run(process.pid, hostname(), new Date().toISOString());
    this.db.exec('COMMIT');
    // Another writer can only slip in between these two statements; it is then the holder.
    this.begin(logPath);
  }

  private begin(logPath: string): void {
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if (isBusy(error)) throw new LogLockedError(logPath, this.readOwner());
      throw error;
    }
  }

  private readOwner(): LockOwner | undefined {
    try {
      return this.db.prepare(`SELECT pid, host, started_at FROM owner WHERE id = 1`).get() as
        LockOwner | undefined;
    } catch {
      return undefined;
    }
  }
}
