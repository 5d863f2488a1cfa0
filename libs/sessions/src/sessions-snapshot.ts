import type { SessionRow } from '@authtrail/contracts';
import type { HostSessions, SessionsCounters, SessionsState } from './sessions-state';

/** The JSON form of a projection state, for checkpoints and time travel. */
export interface SessionsSnapshot {
  version: 1;
  lastSeq: number;
  lastStreamSeq: number;
  counters: SessionsCounters;
  entryCounts: [string, Record<string, number>][];
  hosts: {
    host: string;
    bootId: string;
    bootStartedAt: number;
    endedBoots: string[];
    sessions: SessionRow[];
  }[];
}

export function toSnapshot(state: SessionsState): SessionsSnapshot {
  return {
    version: 1,
    lastSeq: state.lastSeq,
    lastStreamSeq: state.lastStreamSeq,
    counters: { ...state.counters },
    entryCounts: [...state.entryCounts].map(([host, counts]) => [host, { ...counts }]),
    hosts: [...state.hosts].map(([host, value]) => ({
      host,
      bootId: value.bootId,
      bootStartedAt: value.bootStartedAt,
      endedBoots: [...value.endedBoots],
      sessions: [...value.sessions.values()],
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
  return {
    bootId: entry.bootId,
    bootStartedAt: entry.bootStartedAt,
    endedBoots: new Set(entry.endedBoots),
    sessions: new Map(entry.sessions.map((row) => [row.id, row])),
  };
}

/** A state to fold further; only the hosts in `onlyHosts` when given (time travel of one host). */
export function fromSnapshot(
  snapshot: SessionsSnapshot,
  onlyHosts?: ReadonlySet<string>,
): SessionsState {
  if (snapshot.version !== 1)
    throw new Error(`unknown snapshot version ${String(snapshot.version)}`);
  const hosts = onlyHosts ? snapshot.hosts.filter((h) => onlyHosts.has(h.host)) : snapshot.hosts;
  return {
    hosts: new Map(hosts.map((entry) => [entry.host, hostFrom(entry)])),
    lastSeq: snapshot.lastSeq,
    lastStreamSeq: snapshot.lastStreamSeq,
    counters: { ...snapshot.counters },
    entryCounts: new Map(snapshot.entryCounts.map(([host, counts]) => [host, { ...counts }])),
  };
}
