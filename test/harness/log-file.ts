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
