import type { SessionRow } from '@authtrail/contracts';
import type { SessionList } from './session-list';
import type { SessionsState } from './sessions-state';

/** Thrown when the request names no host and the projection knows several (or none). */
export class HostRequiredError extends Error {
  override readonly name = 'HostRequiredError';
}

/** The host a query is about: the one named, or the only one known. */
export function resolveHost(state: SessionsState, host: string | undefined): string | undefined {
  if (host !== undefined) return host;
  if (state.hosts.size === 1) return state.hosts.keys().next().value;
  if (state.hosts.size === 0) return undefined;
  throw new HostRequiredError(
    `several hosts are known (${hostList([...state.hosts.keys()])}): name one with "host"`,
  );
}

/** How many hosts the error names: the message stays short however many there are. */
const HOSTS_NAMED = 10;

function hostList(hosts: string[]): string {
  const named = hosts.sort().slice(0, HOSTS_NAMED).join(', ');
  const more = hosts.length - HOSTS_NAMED;
  return more > 0 ? `${named} … and ${more} more` : named;
}

/**
 * The rows of `auth.sessions` for one host, oldest first, without copying the projection: stored
 * rows are yielded as they are, except the caller's, which is yielded as a copy with current=true.
 * The iterator may be read over several turns while entries are applied in between: it never
 * throws, yields each row at most once and every row live all along (see `SessionList`).
 */
export function activeSessions(
  state: SessionsState,
  host: string | undefined,
  callerSessionId?: string,
): IterableIterator<SessionRow> {
  const sessions = host === undefined ? undefined : state.hosts.get(host)?.sessions;
  if (!sessions) return [][Symbol.iterator]();
  if (callerSessionId === undefined || !sessions.has(callerSessionId)) return sessions.values();
  return markingCaller(sessions, callerSessionId);
}

function* markingCaller(sessions: SessionList, callerSessionId: string): Generator<SessionRow> {
  for (const row of sessions.values()) {
    yield row.id === callerSessionId ? { ...row, current: true } : row;
  }
}

/** Number of live sessions per host. */
export function liveSessionCounts(state: SessionsState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [host, value] of state.hosts) counts[host] = value.sessions.size;
  return counts;
}
