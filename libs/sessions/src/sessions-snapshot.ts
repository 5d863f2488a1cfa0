import type { SessionRow } from '@authtrail/contracts';
import { SessionList } from './session-list';
import {
  newHostSessions,
  type HostSessions,
  type SessionsCounters,
  type SessionsState,
} from './sessions-state';
import { listOfColumns, toColumns, type RowColumns } from './snapshot-columns';
import { migrated, type SnapshotV1, type SnapshotV2 } from './older-snapshots';

/** The format written now; see `fromSnapshot` for what older ones become. */
export const SNAPSHOT_VERSION = 3;

/**
 * The oldest format folded by the rules of now: start-up folds on from a snapshot of this format
 * or a newer one, and folds the whole log again rather than from an older one.
 */
export const SAME_RULES_SINCE = 2;

/** What a snapshot holds besides its hosts, in every format since 2. */
export interface SnapshotHead {
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
}

/** A host as every format keeps it, besides its rows. */
export interface SnapshotHost {
  host: string;
  bootId: string;
  bootStartedAt: number;
  endedBoots: string[];
}

/**
 * A projection state as it stood at a seq, taken to be saved (`snapshotJson`,
 * `snapshotJsonPieces`). It holds the stored rows, which are never mutated, so later events do
 * not change it.
 */
export interface SessionsSnapshot extends SnapshotHead {
  changes: NonNullable<SnapshotHead['changes']>;
  hosts: (SnapshotHost & { sessions: SessionRow[] })[];
}

/** Format 3, the JSON written now: format 2 with each host's rows in columns, in blocks. */
export interface SnapshotV3 extends SnapshotHead {
  version: 3;
  hosts: (SnapshotHost & { rows: RowColumns[] })[];
}

/** A snapshot as it is stored: in the current format or an older one. */
export type StoredSnapshot = SnapshotV3 | SnapshotV2 | SnapshotV1;

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
 * from is the caller's: start-up folds only from those since SAME_RULES_SINCE, time travel from
 * any that `fromSnapshot` reads.
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
 * The JSON text of a snapshot (format 3) in pieces of at most `rowsPerPiece` session rows: each
 * host's rows are a block of columns per piece. A large projection can then be written a piece
 * at a time between other work.
 */
export function* snapshotJsonPieces(
  snapshot: SessionsSnapshot,
  rowsPerPiece = 1000,
): Generator<string> {
  const { hosts, ...head } = snapshot;
  const stored: Omit<SnapshotV3, 'hosts'> = { version: SNAPSHOT_VERSION, ...head };
  yield `${openObject(JSON.stringify(stored))}"hosts":[`;
  for (let h = 0; h < hosts.length; h++) {
    const { sessions, ...rest } = hosts[h];
    yield `${h > 0 ? ',' : ''}${openObject(JSON.stringify(rest))}"rows":[`;
    for (let i = 0; i < sessions.length; i += rowsPerPiece) {
      const block = JSON.stringify(toColumns(sessions, i, i + rowsPerPiece));
      yield `${i > 0 ? ',' : ''}${block}`;
    }
    yield ']}';
  }
  yield ']}';
}

/** The JSON text of a snapshot, at once: its pieces joined. */
export function snapshotJson(snapshot: SessionsSnapshot): string {
  return [...snapshotJsonPieces(snapshot)].join('');
}

/** Number of session rows in a snapshot. */
export function snapshotRows(snapshot: SessionsSnapshot): number {
  return snapshot.hosts.reduce((n, host) => n + host.sessions.length, 0);
}

function hostFrom(entry: SnapshotHost, sessions: SessionList): HostSessions {
  return newHostSessions(entry.bootId, entry.bootStartedAt, new Set(entry.endedBoots), sessions);
}

/** The hosts of a snapshot of format 2 or 3 that `keep` keeps, their rows rebuilt. */
function hostsFrom(
  snapshot: SnapshotV3 | SnapshotV2,
  keep: (host: string) => boolean,
): Map<string, HostSessions> {
  const hosts = new Map<string, HostSessions>();
  if (snapshot.version === 2) {
    for (const entry of snapshot.hosts) {
      if (keep(entry.host)) hosts.set(entry.host, hostFrom(entry, SessionList.of(entry.sessions)));
    }
  } else {
    for (const entry of snapshot.hosts) {
      if (keep(entry.host)) hosts.set(entry.host, hostFrom(entry, listOfColumns(entry.rows)));
    }
  }
  return hosts;
}

/**
 * A state to fold further; only the hosts in `onlyHosts` when given (time travel of one host).
 * Formats 2 and 3 hold the same, a snapshot of format 1 is migrated; any other is refused.
 */
export function fromSnapshot(
  given: StoredSnapshot,
  onlyHosts?: ReadonlySet<string>,
): SessionsState {
  const snapshot = given.version === 1 ? migrated(given) : given;
  if (snapshot.version !== SNAPSHOT_VERSION && snapshot.version !== 2)
    throw new Error(`unknown snapshot version ${String(given.version)}`);
  const keep = (host: string) => !onlyHosts || onlyHosts.has(host);
  return {
    hosts: hostsFrom(snapshot, keep),
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
