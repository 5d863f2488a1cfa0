import { SESSIONS_COLLECTION, type SessionRow, type SessionsChanged } from '@authtrail/contracts';

/**
 * One change of a host's (non-internal) sessions, as `evolve` reports it: a row opened, or a
 * session ended (logout, or a new boot ending the sessions of the earlier one).
 */
export type SessionChange =
  | { kind: 'added'; host: string; seq: number; row: SessionRow }
  | { kind: 'removed'; host: string; seq: number; id: string };

/** The ADDED's fields: the row without `current` and `internal` (REF §1.5), in row order. */
function addedFields({ current: _current, internal: _internal, ...fields }: SessionRow) {
  return fields;
}

/**
 * Turns the changes `evolve` reported, in log order, into the messages of
 * `auth.sessions.changed.<host>`: TrueNAS's event (REF §1.5) plus `host`, `seq`, the change's
 * `index` within its entry and `prev_seq`, the host's previous changing entry. It remembers
 * that last seq per host for the life of the process; `forget` drops it (after a publish that
 * failed), so the host's next change has no `prev_seq` and followers re-read.
 */
export class ChangeSequencer {
  private readonly positions = new Map<string, HostPosition>();

  next(change: SessionChange): SessionsChanged {
    const { host, seq } = change;
    const last = this.positions.get(host);
    const at: HostPosition =
      last?.seq === seq
        ? { ...last, index: last.index + 1 }
        : { seq, index: 0, prevSeq: last && !last.forgotten ? last.seq : undefined };
    this.positions.set(host, at);
    const position = {
      host,
      seq,
      index: at.index,
      ...(at.prevSeq !== undefined && { prev_seq: at.prevSeq }),
    };
    return change.kind === 'added'
      ? {
          msg: 'added',
          collection: SESSIONS_COLLECTION,
          fields: addedFields(change.row),
          ...position,
        }
      : { msg: 'removed', collection: SESSIONS_COLLECTION, fields: { id: change.id }, ...position };
  }

  /** The host's next entry's changes carry no `prev_seq` (its last ones may not have gone out). */
  forget(host: string): void {
    const last = this.positions.get(host);
    if (last) last.forgotten = true;
  }
}

interface HostPosition {
  seq: number;
  index: number;
  prevSeq?: number;
  /** Set by `forget`: the next entry does not name this one as its `prev_seq`. */
  forgotten?: boolean;
}
