import type { LogEntry, LoginEvent, SessionRow } from '@authtrail/contracts';
import type { HostSessions, SessionsState } from './sessions-state';

/** Whole seconds, as TrueNAS sends datetimes (REF §1.4). */
export function toDateValue(iso: string): { $date: number } {
  return { $date: Math.floor(Date.parse(iso) / 1000) * 1000 };
}

/** The stored row of a login; `current` is decided per caller at query time. */
export function sessionRow(event: LoginEvent): SessionRow {
  const { session } = event;
  return {
    id: session.id,
    current: false,
    internal: session.internal,
    origin: session.origin,
    credentials: session.credentials,
    credentials_data: session.credentials_data,
    created_at: toDateValue(event.occurred_at),
  };
}

function newBoot(bootId: string, at: number, endedBoots = new Set<string>()): HostSessions {
  return { bootId, bootStartedAt: at, endedBoots, sessions: new Map() };
}

/**
 * Which boot an event of `bootId` at `at` belongs to: the current one, a new one (which ends the
 * current boot and its sessions), or an ended one. An unseen boot older than the current boot's
 * start is an earlier boot whose events arrived late.
 */
function placeInBoot(
  state: SessionsState,
  host: string,
  bootId: string,
  at: number,
  mayStartBoot: boolean,
): HostSessions | undefined {
  const current = state.hosts.get(host);
  if (!current) {
    if (!mayStartBoot) return undefined;
    const fresh = newBoot(bootId, at);
    state.hosts.set(host, fresh);
    return fresh;
  }
  if (current.bootId === bootId) {
    if (at < current.bootStartedAt) current.bootStartedAt = at;
    return current;
  }
  if (current.endedBoots.has(bootId) || at < current.bootStartedAt || !mayStartBoot) {
    current.endedBoots.add(bootId);
    return undefined;
  }
  current.endedBoots.add(current.bootId);
  const next = newBoot(bootId, at, current.endedBoots);
  state.hosts.set(host, next);
  return next;
}

/**
 * An upper bound of `created_at.$date` over the rows of each sessions map (the newest row's time
 * when it was stored; logouts may have removed that row since). A login at or after it is the
 * newest row, so appending keeps the map in order without walking it: walking it on every login
 * made a login cost O(live sessions), and folding 100,000 logins of one host took seconds.
 */
const newestCreated = new WeakMap<Map<string, SessionRow>, number>();

function newestRowTime(sessions: Map<string, SessionRow>): number {
  let last: SessionRow | undefined;
  for (const value of sessions.values()) last = value;
  return last?.created_at.$date ?? Number.NEGATIVE_INFINITY;
}

function insertOrdered(sessions: Map<string, SessionRow>, row: SessionRow): void {
  const at = row.created_at.$date;
  let newest = newestCreated.get(sessions);
  // Unknown (a restored map) or possibly newer than this row: ask the map itself.
  if (newest === undefined || at < newest) newest = newestRowTime(sessions);
  sessions.set(row.id, row);
  if (at >= newest) {
    newestCreated.set(sessions, at);
    return;
  }
  newestCreated.set(sessions, newest);
  const ordered = [...sessions.values()].sort((a, b) => a.created_at.$date - b.created_at.$date);
  sessions.clear();
  for (const value of ordered) sessions.set(value.id, value);
}

/**
 * Folds one log entry into the projection. Deterministic and free of I/O and clocks; it updates
 * `state` in place (copying a 100,000-session map per event would make ingest quadratic) and
 * never mutates a stored row, so rows handed to readers stay valid.
 */
export function evolve(state: SessionsState, entry: LogEntry): void {
  state.lastSeq = entry.seq;
  state.lastStreamSeq = Math.max(state.lastStreamSeq, entry.stream_seq);
  const perHost = state.entryCounts.get(entry.host) ?? {};
  perHost[entry.kind] = (perHost[entry.kind] ?? 0) + 1;
  state.entryCounts.set(entry.host, perHost);
  const event = entry.event;
  const at = Date.parse(event.occurred_at);
  switch (event.kind) {
    case 'boot': {
      if (!placeInBoot(state, event.host, event.boot_id, at, true)) state.counters.staleEvents++;
      return;
    }
    case 'login': {
      const host = placeInBoot(state, event.host, event.boot_id, at, true);
      if (!host) state.counters.staleEvents++;
      else if (host.sessions.has(event.session.id)) state.counters.duplicateLogins++;
      else insertOrdered(host.sessions, sessionRow(event));
      return;
    }
    case 'logout': {
      const host = placeInBoot(state, event.host, event.boot_id, at, false);
      if (!host) state.counters.staleEvents++;
      else if (!host.sessions.delete(event.session.id)) state.counters.unknownLogouts++;
      return;
    }
    case 'login_failed':
      state.counters.loginFailures++;
      return;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event kind ${JSON.stringify(unknown)}`);
    }
  }
}

/** Folds entries in log order into a fresh or given state. */
export function foldEntries(state: SessionsState, entries: Iterable<LogEntry>): SessionsState {
  for (const entry of entries) evolve(state, entry);
  return state;
}
