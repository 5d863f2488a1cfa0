import type { LogEntry, LoginEvent, SessionRow } from '@authtrail/contracts';
import { recordChange, type SessionChange } from './session-changes';
import { newHostSessions, type HostSessions, type SessionsState } from './sessions-state';

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

/** How long before its recorded_at an event's occurred_at is still believed when judging boots. */
export const LATE_EVENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Ended boots remembered per host (the oldest forgotten first), so a flood of boot ids cannot
 * grow the projection without bound. A late event of a forgotten boot is still judged by its
 * credible time against the current boot's start.
 */
export const ENDED_BOOTS_PER_HOST = 1000;

function endBoot(ended: Set<string>, bootId: string): void {
  ended.add(bootId);
  if (ended.size > ENDED_BOOTS_PER_HOST) ended.delete(ended.values().next().value as string);
}

/** Logouts of sessions not yet open that are remembered per host (the oldest forgotten first). */
export const EARLY_LOGOUTS_PER_HOST = 1000;

/**
 * The time at which an entry is placed when boots are compared, or undefined when the host's
 * claim is not credible. `recorded_at` is JetStream's (trusted); `occurred_at` is the host's
 * clock (not trusted): it is believed only when it is not after `recorded_at` (a clock ahead is
 * cut to it) and at most `LATE_EVENT_WINDOW_MS` before it.
 */
export function placementTime(entry: Pick<LogEntry, 'occurred_at' | 'recorded_at'>): {
  at: number;
  credible: boolean;
} {
  const recorded = Date.parse(entry.recorded_at);
  const occurred = Date.parse(entry.occurred_at);
  if (!(occurred >= recorded - LATE_EVENT_WINDOW_MS)) return { at: recorded, credible: false };
  return { at: Math.min(occurred, recorded), credible: true };
}

type Placed = HostSessions | 'stale' | 'unseen';

/** Records each non-internal row of `ended` as removed by `entry` (a new boot ended them). */
function recordEnded(
  state: SessionsState,
  ended: HostSessions,
  entry: LogEntry,
  changes: SessionChange[] | undefined,
) {
  for (const row of ended.sessions.values()) {
    if (!row.internal) recordChange(state, entry, changes, { kind: 'removed', id: row.id });
  }
}

/**
 * Which boot an entry of `bootId` belongs to: the current one, a new one (which ends the current
 * boot and its sessions), an ended one ('stale'), or, for an entry that may not start a boot
 * (a logout), an unseen boot that it leaves unseen ('unseen').
 *
 * An unseen boot_id is a new boot (log order decides: the host rebooted), unless the entry's
 * credible time is before the current boot's start: then it is an earlier boot whose events
 * were published late. The start is fixed by the boot's first entry, so no later entry of the
 * boot moves it, and it is never after that entry's recorded_at, so no claim can push it into
 * the future.
 */
function placeInBoot(
  state: SessionsState,
  host: string,
  bootId: string,
  entry: LogEntry,
  mayStartBoot: boolean,
  changes: SessionChange[] | undefined,
): Placed {
  const current = state.hosts.get(host);
  if (current?.bootId === bootId) return current;
  if (current?.endedBoots.has(bootId)) return 'stale';
  const placed = placementTime(entry);
  if (current && placed.credible && placed.at < current.bootStartedAt) {
    endBoot(current.endedBoots, bootId);
    return 'stale';
  }
  if (!mayStartBoot) return 'unseen';
  const ended = current?.endedBoots ?? new Set<string>();
  if (current) {
    endBoot(ended, current.bootId);
    recordEnded(state, current, entry, changes);
  }
  const next = newHostSessions(bootId, placed.at, ended);
  state.hosts.set(host, next);
  return next;
}

const earlyLogoutKey = (bootId: string, sessionId: string) => `${bootId}\u0000${sessionId}`;

function rememberLogout(state: SessionsState, host: string, bootId: string, sessionId: string) {
  let seen = state.earlyLogouts.get(host);
  if (!seen) state.earlyLogouts.set(host, (seen = new Set()));
  seen.add(earlyLogoutKey(bootId, sessionId));
  if (seen.size > EARLY_LOGOUTS_PER_HOST) seen.delete(seen.values().next().value as string);
}

/** True (and forgotten) when the logout of this session in this boot came before its login. */
function takeLogout(state: SessionsState, host: string, bootId: string, sessionId: string) {
  const seen = state.earlyLogouts.get(host);
  if (!seen?.delete(earlyLogoutKey(bootId, sessionId))) return false;
  if (seen.size === 0) state.earlyLogouts.delete(host);
  return true;
}

/** Ends session `id` (reported to `changes` unless internal); false when it is not open. */
function endSession(
  state: SessionsState,
  host: HostSessions,
  entry: LogEntry,
  id: string,
  changes: SessionChange[] | undefined,
): boolean {
  const row = host.sessions.get(id);
  if (!row) return false;
  host.sessions.delete(id);
  if (!row.internal) recordChange(state, entry, changes, { kind: 'removed', id });
  return true;
}

/**
 * Folds one log entry into the projection. Deterministic and free of I/O and clocks (it reads
 * only the entry); it updates `state` in place (copying a 100,000-session map per event would
 * make ingest quadratic) and never mutates a stored row, so rows handed to readers stay valid.
 *
 * With `changes`, it appends what the entry changed in a host's sessions, in order: a REMOVED
 * for each session a new boot ended, an ADDED for the row a login opened, a REMOVED for the
 * session a logout ended. Internal sessions are never reported (REF §1.5).
 */
export function evolve(state: SessionsState, entry: LogEntry, changes?: SessionChange[]): void {
  const start = changes?.length ?? 0;
  fold(state, entry, changes);
  if (!changes) return;
  for (let i = start; i < changes.length; i++) changes[i].count = changes.length - start;
}

function fold(state: SessionsState, entry: LogEntry, changes: SessionChange[] | undefined): void {
  state.lastSeq = entry.seq;
  state.lastStreamSeq = Math.max(state.lastStreamSeq, entry.stream_seq);
  const perHost = state.entryCounts.get(entry.host) ?? {};
  perHost[entry.kind] = (perHost[entry.kind] ?? 0) + 1;
  state.entryCounts.set(entry.host, perHost);
  const event = entry.event;
  // UUIDs are not case-sensitive; entries logged before ids were stored in lower case may not be.
  const bootId = event.boot_id.toLowerCase();
  const { counters } = state;
  switch (event.kind) {
    case 'boot': {
      const placed = placeInBoot(state, event.host, bootId, entry, true, changes);
      if (placed === 'stale') counters.staleEvents++;
      return;
    }
    case 'login': {
      const host = placeInBoot(state, event.host, bootId, entry, true, changes);
      if (typeof host === 'string') counters.staleEvents++;
      else if (host.sessions.has(event.session.id)) counters.duplicateLogins++;
      else if (takeLogout(state, event.host, bootId, event.session.id))
        counters.loginsAfterLogout++;
      else {
        const row = sessionRow(event);
        host.sessions.add(row);
        if (!row.internal) recordChange(state, entry, changes, { kind: 'added', row });
      }
      return;
    }
    case 'logout': {
      const host = placeInBoot(state, event.host, bootId, entry, false, changes);
      if (host === 'stale') counters.staleEvents++;
      else if (host === 'unseen' || !endSession(state, host, entry, event.session.id, changes)) {
        counters.unknownLogouts++;
        rememberLogout(state, event.host, bootId, event.session.id);
      }
      return;
    }
    case 'login_failed':
      counters.loginFailures++;
      return;
    case 'terminate':
      // The record of a request to end a session; the host's own logout is what ends it.
      return;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event kind ${JSON.stringify(unknown)}`);
    }
  }
}

/** Folds entries in log order into a fresh or given state (and reports changes to `changes`). */
export function foldEntries(
  state: SessionsState,
  entries: Iterable<LogEntry>,
  changes?: SessionChange[],
): SessionsState {
  for (const entry of entries) evolve(state, entry, changes);
  return state;
}
