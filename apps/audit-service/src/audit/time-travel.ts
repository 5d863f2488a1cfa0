import type { Snapshot, EntryCriteria, LogReads } from '@authtrail/event-log';
import {
  readSavedSnapshot,
  evolve,
  fromSnapshot,
  initialSessionsState,
  type SessionsState,
  type StoredSnapshot,
} from '@authtrail/sessions';

const CACHE_SIZE = 8;

/** Where a fold starts: after a saved snapshot's seq with its state, or from the first entry. */
interface FoldStart {
  afterSeq: number;
  snapshot?: StoredSnapshot;
}

/**
 * The projection of one host as it stood at a time or after a log entry, read from one
 * connection: the nearest snapshot, then only the entries after it (never the whole log).
 *
 * At a time T the result is the fold, in log order, of every entry that occurred at or before T:
 * the newest snapshot all of whose entries occurred by T, then the entries after it that
 * occurred by T, up to the first snapshot after which nothing occurred by T (late entries only
 * widen that range).
 */
export class TimeTravel {
  /** Parsed snapshots by snapshot seq, snapshot hash and the log's hash at that seq. */
  private readonly cache = new Map<string, StoredSnapshot>();
  /** Snapshots found not to match the log, to be reported once each. */
  readonly mismatched: number[] = [];

  constructor(private readonly reads: LogReads) {}

  atSeq(host: string, seq: number): SessionsState {
    const start = this.startAt(this.reads.snapshots.atOrBefore(seq));
    return this.fold(host, start, { fromSeq: start.afterSeq + 1, toSeq: seq, host });
  }

  atTime(host: string, ms: number): SessionsState {
    const found = this.reads.snapshots.forTime(ms);
    const start = this.startAt(found.snapshot);
    return this.fold(host, start, {
      fromSeq: start.afterSeq + 1,
      toSeq: found.untilSeq,
      host,
      occurredByMs: ms,
    });
  }

  private fold(host: string, start: FoldStart, criteria: EntryCriteria): SessionsState {
    const state = start.snapshot
      ? fromSnapshot(start.snapshot, new Set([host]))
      : initialSessionsState();
    for (const entry of this.reads.entries(criteria)) evolve(state, entry);
    return state;
  }

  private startAt(saved: Snapshot | undefined): FoldStart {
    if (!saved) return { afterSeq: 0 };
    const logHash = this.reads.hashAt(saved.seq);
    const key = `${saved.seq} ${saved.entryHash} ${logHash}`;
    let snapshot = this.cache.get(key);
    if (!snapshot) {
      snapshot = readSavedSnapshot(saved, logHash);
      if (!snapshot) {
        this.mismatched.push(saved.seq);
        return { afterSeq: 0 };
      }
      if (this.cache.size >= CACHE_SIZE)
        this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, snapshot);
    }
    return { afterSeq: saved.seq, snapshot };
  }
}
