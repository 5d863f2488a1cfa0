import {
  SESSIONS_COLLECTION,
  type LogEntry,
  type SessionRow,
  type SessionsChanged,
} from '@authtrail/contracts';
import type { SessionsState } from './sessions-state';

/** Where a change stands: its entry, its place among the entry's changes, the entry before. */
interface ChangePosition {
  host: string;
  /** Log seq of the entry that made the change. */
  seq: number;
  /** Place among the entry's changes (0, then 1, 2 … for a boot's REMOVEDs). */
  index: number;
  /** How many changes the entry made to the host's sessions. */
  count: number;
  /** Seq of the host's previous entry that changed its sessions (0: none); undefined: unknown. */
  prevSeq: number | undefined;
}

/**
 * One change of a host's non-internal sessions, as `evolve` reports it: a row opened, or a
 * session ended (logout, or a new boot ending the sessions of the earlier one).
 */
export type SessionChange = ChangePosition &
  ({ kind: 'added'; row: SessionRow } | { kind: 'removed'; id: string });

type ChangeOf = { kind: 'added'; row: SessionRow } | { kind: 'removed'; id: string };

/**
 * Records that `entry` changed its host's non-internal sessions (always: the state keeps the
 * host's last changing seq) and, with `changes`, reports the change there. `count` is set by
 * `evolve` once the entry is folded.
 */
export function recordChange(
  state: SessionsState,
  entry: LogEntry,
  changes: SessionChange[] | undefined,
  change: ChangeOf,
): void {
  const { host, seq } = entry;
  const last = state.lastChangeSeqs.get(host);
  state.lastChangeSeqs.set(host, seq);
  if (!changes) return;
  const before = last === seq ? changes.at(-1) : undefined;
  const position =
    before?.seq === seq && before.host === host
      ? { host, seq, index: before.index + 1, count: 0, prevSeq: before.prevSeq }
      : {
          host,
          seq,
          index: 0,
          count: 0,
          prevSeq: last ?? (state.changesKnownFrom === 0 ? 0 : undefined),
        };
  changes.push({ ...position, ...change });
}

/**
 * The message of `auth.sessions.changed.<host>` for a change: TrueNAS's event (REF §1.5:
 * ADDED with `id` plus the dump, no `current` or `internal`; REMOVED with `id`) followed by the
 * host, the entry's seq, the change's index and count within the entry, and `prev_seq`.
 */
export function changedMessage(change: SessionChange): SessionsChanged {
  const position = {
    host: change.host,
    seq: change.seq,
    index: change.index,
    count: change.count,
    ...(change.prevSeq !== undefined && { prev_seq: change.prevSeq }),
  };
  if (change.kind === 'removed') {
    return {
      msg: 'removed',
      collection: SESSIONS_COLLECTION,
      fields: { id: change.id },
      ...position,
    };
  }
  const { current: _current, internal: _internal, ...fields } = change.row;
  return { msg: 'added', collection: SESSIONS_COLLECTION, fields, ...position };
}
