import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteEventLog } from '@authtrail/event-log';
import { activeSessions, foldEntries, initialSessionsState } from '@authtrail/sessions';
import type { LogEntry } from '@authtrail/contracts';

/** Everything in a log file, read with the log's own adapter (read-only). */
export function readLog(path: string): LogEntry[] {
  const log = new SqliteEventLog(path, { readonly: true });
  try {
    return [...log.read()];
  } finally {
    log.close();
  }
}

/** What a fresh replay of the file gives for each host. */
export function replayedSessions(
  path: string,
  hosts: readonly string[],
): Record<string, unknown[]> {
  const state = foldEntries(initialSessionsState(), readLog(path));
  return Object.fromEntries(hosts.map((host) => [host, [...activeSessions(state, host)]]));
}

/**
 * Every column of every entry row as stored, indexed copies included, in seq order: what a test
 * compares between two files, read past the log's adapter on purpose.
 */
export function entryRows(path: string): Record<string, unknown>[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM entries ORDER BY seq').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** The highest stream sequence in the file's log (0 when it has none yet). */
export function lastStreamSeqIn(path: string): number {
  if (!existsSync(path)) return 0;
  const log = new SqliteEventLog(path, { readonly: true });
  try {
    return log.lastStreamSeq();
  } finally {
    log.close();
  }
}
