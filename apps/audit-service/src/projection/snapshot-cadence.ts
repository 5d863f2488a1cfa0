import type { SessionsState } from '@authtrail/sessions';

/**
 * Whether the projection is due a snapshot, `since` entries after the last one: once at least
 * `every` entries were folded, and at least as many entries as the session rows the snapshot
 * would hold. A snapshot's cost grows with its rows and ingest's with its entries, so spacing
 * snapshots by the projection's size keeps their share of ingest time about the same at any
 * size, as Raft compacts its log once it outgrows the snapshot it would replace. A restart after
 * a crash then replays at most that many entries. Pure.
 */
export function snapshotDue(state: SessionsState, since: number, every: number): boolean {
  return since >= every && since >= sessionRows(state);
}

/** The session rows of every host (what a snapshot of `state` holds, as rows). */
export function sessionRows(state: SessionsState): number {
  let rows = 0;
  for (const host of state.hosts.values()) rows += host.sessions.size;
  return rows;
}
