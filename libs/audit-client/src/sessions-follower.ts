import { SESSIONS_COLLECTION, type SessionRow, type SessionsChanged } from '@authtrail/contracts';

/** What a follower did with a change: applied it, dropped it as seen, or found one missing. */
export type FollowStep = 'applied' | 'old' | 'gap';

/** The row an ADDED stands for: a non-internal session (REF §1.5), not the caller's. */
function rowOf(change: Extract<SessionsChanged, { msg: 'added' }>): SessionRow {
  const { id, origin, credentials, credentials_data, created_at } = change.fields;
  return { id, current: false, internal: false, origin, credentials, credentials_data, created_at };
}

/**
 * One host's non-internal sessions as a follower of `auth.sessions.changed.<host>` keeps them:
 * rows read from `auth.sessions` at a log seq, then the changes after that seq applied in order.
 *
 * Its position is (seq, index) of the last change applied, or (the snapshot's seq, all of it).
 * A change at or before the position was seen (or is in the rows already): dropped. The next one
 * must follow on: the next index of the same entry, or index 0 of a later entry whose `prev_seq`
 * is at or before the position; anything else means changes were missed ('gap': read again).
 * Applying is tolerant, because the rows of one `auth.sessions` reply may already hold changes
 * made after its seq (the query reads in slices): an ADDED for a present id replaces the row in
 * its place, a REMOVED of an absent id does nothing.
 */
export class SessionsFollower {
  private readonly byId = new Map<string, SessionRow>();
  private seq = 0;
  private index = Number.POSITIVE_INFINITY;

  /** Log seq of the rows: the snapshot's, or the last change applied. */
  get position(): { seq: number; index: number } {
    return { seq: this.seq, index: this.index };
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
    this.index = Number.POSITIVE_INFINITY;
    const changes: SessionsChanged[] = [];
    const at = () => ({ host, seq, index: changes.length });
    for (const id of before.keys()) {
      if (!this.byId.has(id)) {
        changes.push({ msg: 'removed', collection: SESSIONS_COLLECTION, fields: { id }, ...at() });
      }
    }
    for (const row of this.byId.values()) {
      const old = before.get(row.id);
      if (old && JSON.stringify(old) === JSON.stringify(row)) continue;
      const { current: _current, internal: _internal, ...fields } = row;
      changes.push({ msg: 'added', collection: SESSIONS_COLLECTION, fields, ...at() });
    }
    return changes;
  }

  apply(change: SessionsChanged): FollowStep {
    const { seq, index } = change;
    if (seq < this.seq || (seq === this.seq && index <= this.index)) return 'old';
    const follows =
      seq === this.seq
        ? index === this.index + 1
        : index === 0 && change.prev_seq !== undefined && change.prev_seq <= this.seq;
    if (!follows) return 'gap';
    this.seq = seq;
    this.index = index;
    if (change.msg === 'added') this.byId.set(change.fields.id, rowOf(change));
    else this.byId.delete(change.fields.id);
    return 'applied';
  }

  /** The rows as `auth.sessions` lists them: oldest first by created_at, ties in the order seen. */
  rows(): SessionRow[] {
    return [...this.byId.values()].sort((a, b) => a.created_at.$date - b.created_at.$date);
  }
}
