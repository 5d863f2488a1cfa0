import type { SessionRow } from '@authtrail/contracts';
import { SessionList } from './session-list';
import {
  newHostSessions,
  type HostSessions,
  type SessionsCounters,
  type SessionsState,
} from './sessions-state';

/** The format written now; see `fromSnapshot` for what older ones become. */
export const SNAPSHOT_VERSION = 2;

/** The JSON form of a projection state, for snapshots and time travel. */
export interface SessionsSnapshot {
  version: typeof SNAPSHOT_VERSION;
  lastSeq: number;
  lastStreamSeq: number;
  counters: SessionsCounters;
  entryCounts: [string, Record<string, number>][];
  /** Per host, the remembered logouts of sessions not yet open, oldest first. */
  earlyLogouts: [string, string[]][];
  /**
   * `lastChangeSeqs` and `changesKnownFrom` of the state; absent in snapshots written before
   * changes were published (then they are known from the snapshot's seq on).
   */
  changes?: { knownFrom: number; lastSeqs: [string, number][] };
  hosts: {
    host: string;
    bootId: string;
    bootStartedAt: number;
    endedBoots: string[];
    sessions: SessionRow[];
  }[];
}

/** Format 1 (before early logouts and trusted boot starts): no early logouts, one counter less. */
type SnapshotV1 = Omit<SessionsSnapshot, 'version' | 'earlyLogouts' | 'counters'> & {
  version: 1;
  counters: Omit<SessionsCounters, 'loginsAfterLogout'>;
};

/** A snapshot as it is stored: in the current format or an older one. */
export type StoredSnapshot = SessionsSnapshot | SnapshotV1;

/** A snapshot as saved beside the log: the hash of the entry it stands after, and its state. */
export interface SavedSnapshot {
  seq: number;
  entryHash: string;
  state: string;
}

/**
 * The snapshot a fold may start from, read from a saved snapshot: none when the snapshot is
 * not this log's (`logHash`, the log's hash of the entry at its seq, differs: a snapshot of
 * another log, or of a log restored from a backup), else its state parsed. Which formats to fold
 * from is the caller's: start-up folds only from the current one, time travel from any that
 * `fromSnapshot` reads.
 */
export function readSavedSnapshot(
  saved: SavedSnapshot,
  logHash: string | undefined,
): StoredSnapshot | undefined {
  if (logHash !== saved.entryHash) return undefined;
  return JSON.parse(saved.state) as StoredSnapshot;
}

export function toSnapshot(state: SessionsState): SessionsSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    lastSeq: state.lastSeq,
    lastStreamSeq: state.lastStreamSeq,
    counters: { ...state.counters },
    entryCounts: [...state.entryCounts].map(([host, counts]) => [host, { ...counts }]),
    earlyLogouts: [...state.earlyLogouts].map(([host, keys]) => [host, [...keys]]),
    changes: { knownFrom: state.changesKnownFrom, lastSeqs: [...state.lastChangeSeqs] },
    hosts: [...state.hosts].map(([host, value]) => ({
      host,
      bootId: value.bootId,
      bootStartedAt: value.bootStartedAt,
      endedBoots: [...value.endedBoots],
      sessions: value.sessions.toArray(),
    })),
  };
}

/** `{...}` text opened for one more member: `{"a":1` + `,` (or `{` for an empty object). */
function openObject(json: string): string {
  return json === '{}' ? '{' : `${json.slice(0, -1)},`;
}

/**
 * JSON.stringify(snapshot) in pieces of at most `rowsPerPiece` session rows: joined, they are the
 * same text. A large projection can then be written a piece at a time between other work.
 */
export function* snapshotJsonPieces(
  snapshot: SessionsSnapshot,
  rowsPerPiece = 1000,
): Generator<string> {
  const { hosts, ...head } = snapshot;
  yield `${openObject(JSON.stringify(head))}"hosts":[`;
  for (let h = 0; h < hosts.length; h++) {
    const { sessions, ...rest } = hosts[h];
    yield `${h > 0 ? ',' : ''}${openObject(JSON.stringify(rest))}"sessions":[`;
    for (let i = 0; i < sessions.length; i += rowsPerPiece) {
      const rows = JSON.stringify(sessions.slice(i, i + rowsPerPiece));
      yield `${i > 0 ? ',' : ''}${rows.slice(1, -1)}`;
    }
    yield ']}';
  }
  yield ']}';
}

/** Number of session rows in a snapshot. */
export function snapshotRows(snapshot: SessionsSnapshot): number {
  return snapshot.hosts.reduce((n, host) => n + host.sessions.length, 0);
}

function hostFrom(entry: SessionsSnapshot['hosts'][number]): HostSessions {
  return newHostSessions(
    entry.bootId,
    entry.bootStartedAt,
    new Set(entry.endedBoots),
    SessionList.of(entry.sessions),
  );
}

/**
 * A format-1 snapshot as format 2: nothing remembered of early logouts, and the boot starts as
 * format 1 kept them (the earliest occurred_at of each boot, judged by the rules of then).
 */
function migrated(snapshot: SnapshotV1): SessionsSnapshot {
  return {
    ...snapshot,
    version: SNAPSHOT_VERSION,
    counters: { ...snapshot.counters, loginsAfterLogout: 0 },
    earlyLogouts: [],
  };
}

/**
 * A state to fold further; only the hosts in `onlyHosts` when given (time travel of one host).
 * A snapshot of format 1 is migrated; any other unknown format is refused.
 */
export function fromSnapshot(
  given: StoredSnapshot,
  onlyHosts?: ReadonlySet<string>,
): SessionsState {
  const snapshot = given.version === 1 ? migrated(given) : given;
  if (snapshot.version !== SNAPSHOT_VERSION)
    throw new Error(`unknown snapshot version ${String(snapshot.version)}`);
  const keep = (host: string) => !onlyHosts || onlyHosts.has(host);
  return {
    hosts: new Map(snapshot.hosts.filter((h) => keep(h.host)).map((h) => [h.host, hostFrom(h)])),
    lastSeq: snapshot.lastSeq,
    lastStreamSeq: snapshot.lastStreamSeq,
    counters: { ...snapshot.counters },
    entryCounts: new Map(snapshot.entryCounts.map(([host, counts]) => [host, { ...counts }])),
    earlyLogouts: new Map(
      snapshot.earlyLogouts
        .filter(([host]) => keep(host))
        .map(([host, keys]) => [host, new Set(keys)]),
    ),
    lastChangeSeqs: new Map(snapshot.changes?.lastSeqs.filter(([host]) => keep(host))),
    changesKnownFrom: snapshot.changes?.knownFrom ?? snapshot.lastSeq,
  };
}
