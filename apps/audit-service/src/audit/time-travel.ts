import type Database from 'better-sqlite3';
import {
  SqliteCheckpoints,
  selectEntries,
  type Checkpoint,
  type EntryCondition,
} from '@authtrail/event-log';
import {
  evolve,
  fromSnapshot,
  initialSessionsState,
  type SessionsSnapshot,
  type SessionsState,
} from '@authtrail/sessions';

const CACHE_SIZE = 8;

/**
 * The projection of one host as it stood at a time or after a log entry, read from one
 * connection: the nearest checkpoint, then only the entries after it (never the whole log).
 *
 * At a time T the result is the fold, in log order, of every entry that occurred at or before T:
 * the newest checkpoint all of whose entries occurred by T, then the entries after it that
 * occurred by T, up to the first checkpoint after which nothing occurred by T (late entries only
 * widen that range).
 */
export class TimeTravel {
  private readonly cache = new Map<number, SessionsSnapshot>();
  private readonly checkpoints: SqliteCheckpoints;
  private readonly hash: Database.Statement;
  /** Checkpoints found not to match the log, to be reported once each. */
  readonly mismatched: number[] = [];

  constructor(private readonly db: Database.Database) {
    this.checkpoints = new SqliteCheckpoints(db);
    this.hash = db.prepare('SELECT hash FROM entries WHERE seq = ?');
  }

  atSeq(host: string, seq: number): SessionsState {
    const checkpoint = this.usable(this.checkpoints.atOrBefore(seq));
    const after = checkpoint?.seq ?? 0;
    return this.fold(host, checkpoint, {
      sql: ['seq > ?', 'seq <= ?', 'host = ?'],
      params: [after, seq, host],
    });
  }

  atTime(host: string, ms: number): SessionsState {
    const found = this.checkpoints.forTime(ms);
    const checkpoint = this.usable(found.checkpoint);
    const condition: EntryCondition = {
      sql: ['seq > ?', 'seq <= ?', 'host = ?', 'occurred_ms <= ?'],
      params: [checkpoint?.seq ?? 0, found.untilSeq ?? Number.MAX_SAFE_INTEGER, host, ms],
    };
    return this.fold(host, checkpoint, condition);
  }

  private fold(
    host: string,
    checkpoint: Checkpoint | undefined,
    condition: EntryCondition,
  ): SessionsState {
    const state = checkpoint
      ? fromSnapshot(this.snapshot(checkpoint), new Set([host]))
      : initialSessionsState();
    for (const entry of selectEntries(this.db, condition)) evolve(state, entry);
    return state;
  }

  private usable(checkpoint: Checkpoint | undefined): Checkpoint | undefined {
    if (!checkpoint) return undefined;
    const row = this.hash.get(checkpoint.seq) as { hash: string } | undefined;
    if (row?.hash === checkpoint.entryHash) return checkpoint;
    this.mismatched.push(checkpoint.seq);
    return undefined;
  }

  private snapshot(checkpoint: Checkpoint): SessionsSnapshot {
    let snapshot = this.cache.get(checkpoint.seq);
    if (!snapshot) {
      snapshot = JSON.parse(checkpoint.state) as SessionsSnapshot;
      if (this.cache.size >= CACHE_SIZE)
        this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(checkpoint.seq, snapshot);
    }
    return snapshot;
  }
}
