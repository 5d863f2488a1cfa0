import { SESSIONS_COLLECTION, type SessionRow, type SessionsChanged } from '@authtrail/contracts';

/** What a follower did with a change: applied it, dropped it as seen, or found one missing. */
export type FollowStep = 'applied' | 'old' | 'gap';

/** The row an ADDED stands for: a non-internal session (REF §1.5), not the caller's. */
function rowOf(change: Extract<SessionsChanged, { msg: 'added' }>): SessionRow {
  const { id, origin, credentials, credentials_data, created_at } = change.fields;
  return { id, current: false, internal: false, origin, credentials, credentials_data, created_at };
}

/** A row as the ADDED that opens it (REF §1.5: no `current`, no `internal`). */
export function addedChange(
  host: string,
  seq: number,
  index: number,
  count: number,
  { current: _current, internal: _internal, ...fields }: SessionRow,
): SessionsChanged {
  return { msg: 'added', collection: SESSIONS_COLLECTION, fields, host, seq, index, count };
}

/**
 * One host's non-internal sessions as a follower of `auth.sessions.changed.<host>` keeps them:
 * rows read from `auth.sessions` at a log seq, then the changes after that seq applied in order.
 *
 * Its position is the last change applied (seq, index, count), or the snapshot's seq, taken
 * whole. A change at or before the position was seen (or is in the rows already): dropped. The
 * next one must follow on: the next index of the same entry, or, once an entry is complete
 * (index count - 1), index 0 of a later entry whose `prev_seq` is at or before the position;
 * anything else means changes were missed ('gap': read the rows again). Applying is tolerant,
 * because the rows of one `auth.sessions` reply may already hold changes made after its seq
 * (the query reads in slices): an ADDED for a present id replaces the row in its place, a
 * REMOVED of an absent id does nothing.
 */
export class SessionsFollower {
  private readonly byId = new Map<string, SessionRow>();
  private seq = 0;
  /** Index and count of the last change applied; undefined after a snapshot (taken whole). */
  private last?: { index: number; count: number };

  /** Log seq of the rows: the snapshot's, or that of the last change applied. */
  get position(): number {
    return this.seq;
  }

  /**
   * Replaces the rows with those of an `auth.sessions` reply at `seq`. Returns the changes that
   * turn the rows held before into these (REMOVED first, then ADDED, all at `seq`), for a
   * follower that was already showing rows when it had to read them again.
   */
  reset(host: string, seq: number, rows: readonly SessionRow[]): SessionsChanged[] {
    const before = new Map(this.byId);
    this.byId.clear();
    for (const row of rows) this.byId.set(row.id, row);
    this.seq = seq;
    this.last = undefined;
    const removed = [...before.keys()].filter((id) => !this.byId.has(id));
    const added = [...this.byId.values()].filter((row) => {
      const old = before.get(row.id);
      return !old || JSON.stringify(old) !== JSON.stringify(row);
    });
    const count = removed.length + added.length;
    return [
      ...removed.map((id, index): SessionsChanged => {
        const at = { host, seq, index, count };
        return { msg: 'removed', collection: SESSIONS_COLLECTION, fields: { id }, ...at };
      }),
      ...added.map((row, i) => addedChange(host, seq, removed.length + i, count, row)),
    ];
  }

  apply(change: SessionsChanged): FollowStep {
    const { seq, index } = change;
    const last = this.last;
    if (seq < this.seq || (seq === this.seq && (!last || index <= last.index))) return 'old';
    const follows =
      seq === this.seq
        ? index === (last?.index ?? -2) + 1
        : index === 0 &&
          (!last || last.index === last.count - 1) &&
          change.prev_seq !== undefined &&
          change.prev_seq <= this.seq;
    if (!follows) return 'gap';
    this.seq = seq;
    this.last = { index, count: change.count };
    if (change.msg === 'added') this.byId.set(change.fields.id, rowOf(change));
    else this.byId.delete(change.fields.id);
    return 'applied';
  }

  /** The rows as `auth.sessions` lists them: oldest first by created_at, ties in the order seen. */
  rows(): SessionRow[] {
    return [...this.byId.values()].sort((a, b) => a.created_at.$date - b.created_at.$date);
  }
}
