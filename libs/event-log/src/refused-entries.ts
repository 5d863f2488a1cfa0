/** One entry of a batch the log cannot take for what it holds, and why. */
export interface RefusedEntry {
  /** Its index in the batch given to append. */
  index: number;
  reason: string;
}

/**
 * Thrown by append, which wrote nothing, when entries of the batch cannot be written for what
 * they hold (a value the schema refuses, an event_id already logged with other content): the
 * caller sets those aside (dead letters) and appends the rest. Every other failure (a locked or
 * full disk, an I/O error) is thrown as it is and means "retry the batch as it is".
 */
export class EntriesRefusedError extends Error {
  constructor(readonly refused: readonly RefusedEntry[]) {
    super(
      `the log refused ${refused.length === 1 ? 'an entry' : `${refused.length} entries`}: ${refused
        .map((r) => `#${r.index} ${r.reason}`)
        .join('; ')}`,
    );
    this.name = 'EntriesRefusedError';
  }
}

/** A failure that comes from one entry's content (found while building or writing it). */
export class EntryContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryContentError';
  }
}

/**
 * SQLite result codes that an entry's values cause, whatever the state of the file. A UNIQUE or
 * PRIMARY KEY failure is not among them: event_id conflicts are handled before (DO NOTHING), so
 * one means another writer took the seq, which retrying (after a restart) is the answer to.
 */
const CONTENT_CODES = new Set([
  'SQLITE_CONSTRAINT_NOTNULL',
  'SQLITE_CONSTRAINT_CHECK',
  'SQLITE_CONSTRAINT_DATATYPE',
  'SQLITE_TOOBIG',
  'SQLITE_MISMATCH',
  'SQLITE_RANGE',
]);

/**
 * Whether `error` is about an entry's content rather than the file, the disk or the process.
 * SQLite's errors are told by name and code, not by class: the native addon keeps the error
 * class (and realm) of the first copy of better-sqlite3 loaded in the process, and test runners
 * load several.
 */
export function isContentError(error: unknown): boolean {
  if (error instanceof EntryContentError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' && CONTENT_CODES.has(code);
}
