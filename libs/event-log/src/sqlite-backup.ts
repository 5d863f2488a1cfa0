import { chmodSync, closeSync, existsSync, openSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BackupError } from './backup-error';
import type { VerifyResult } from './event-log';
import { assertOpenable, readIngestPosition } from './log-schema';
import { SqliteAuditReader } from './sqlite-audit-reader';

/** What a backup copied, and what the check of the copy's hash chain found. */
export interface BackupResult {
  path: string;
  /** Entries in the copy. */
  entries: number;
  /** The last seq in the copy, 0 for an empty log. */
  lastSeq: number;
  /** The copy's highest JetStream stream sequence of an entry. */
  lastStreamSeq: number;
  /** The copy's ingest position (highest stream sequence handled): restored, it resumes after it. */
  handledStreamSeq: number;
  verify: VerifyResult;
}

/** More pages than any log has: the whole copy is made in one step. */
const ALL_PAGES = 0x7fffffff;

/** Creates `path` empty and owner-only, refusing one that exists (never overwrites). */
function createOwnerOnly(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new BackupError(`${path} already exists; a backup never overwrites a file`);
    }
    throw new BackupError(`cannot create ${path}: ${(error as Error).message}`);
  }
  closeSync(fd);
  chmodSync(path, 0o600);
}

/** Turns the copy into one self-contained file (rollback journal) and reads its extent. */
function finishCopy(path: string): Omit<BackupResult, 'path' | 'verify'> {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const row = db
      .prepare(
        `SELECT count(*) AS entries, coalesce(max(seq), 0) AS lastSeq,
                coalesce(max(stream_seq), 0) AS lastStreamSeq FROM entries`,
      )
      .get() as { entries: number; lastSeq: number; lastStreamSeq: number };
    return { ...row, handledStreamSeq: readIngestPosition(db) };
  } finally {
    db.close();
  }
}

/**
 * Copies the log at `sourcePath` to a new file `destPath` with SQLite's online backup, while the
 * service goes on writing (WAL: the copy is one consistent snapshot, taken in a single step so a
 * busy writer cannot make it start over). The copy is owner-only (0600) and self-contained; its
 * hash chain is then verified. A chain that does not verify is reported in `verify`, and the copy
 * kept for inspection. Throws BackupError (or LogSchemaError) when no copy could be made.
 */
export async function backupLog(sourcePath: string, destPath: string): Promise<BackupResult> {
  if (!existsSync(sourcePath)) throw new BackupError(`${sourcePath} does not exist`);
  let source: Database.Database;
  try {
    source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open ${sourcePath}: ${(error as Error).message}`);
  }
  try {
    assertOpenable(source, sourcePath);
    createOwnerOnly(destPath);
    try {
      await source.backup(destPath, { progress: () => ALL_PAGES });
    } catch (error) {
      rmSync(destPath, { force: true });
      rmSync(`${destPath}-journal`, { force: true });
      throw new BackupError(
        `copying ${sourcePath} to ${destPath} failed: ${(error as Error).message}`,
      );
    }
  } finally {
    source.close();
  }
  const extent = finishCopy(destPath);
  const reader = new SqliteAuditReader(destPath);
  try {
    return { path: destPath, ...extent, verify: await reader.verify() };
  } finally {
    reader.close();
  }
}
