import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { LogEntry } from '@authtrail/contracts';
import {
  readSavedSnapshot,
  evolve,
  fromSnapshot,
  initialSessionsState,
  SAME_RULES_SINCE,
  snapshotJson,
  snapshotJsonPieces,
  snapshotRows,
  toSnapshot,
  type SessionChange,
  type SessionsState,
} from '@authtrail/sessions';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { SNAPSHOTS, EVENT_LOG, type SnapshotStore, type EventLog } from '../log/event-log.provider';
import { StreamSeqWaiters } from './stream-seq-waiters';
import { snapshotDue } from './snapshot-cadence';

/** A snapshot being written a piece at a time: the state as it stood at `seq`. */
interface PendingSnapshot {
  seq: number;
  entryHash: string;
  maxOccurredMs: number;
  pieces: Iterator<string>;
  /** The pieces so far, when the snapshot is saved here at once at its end. */
  written: string[];
  /** Where the pieces go instead, when the store writes snapshots on a thread of its own. */
  sink?: SnapshotSink;
}

type SnapshotSink = ReturnType<NonNullable<SnapshotStore['streamInBackground']>>;
type SnapshotMeta = Omit<PendingSnapshot, 'pieces' | 'written' | 'sink'>;

/** Longest stretch of snapshot writing between two turns of the event loop. */
const SLICE_MS = 2;

/**
 * Holds the sessions-since-boot projection. At start it loads the newest snapshot and replays
 * only the log after it; while running it is fed by ingest and snapshots itself every
 * `snapshotEvery` entries, or every as many entries as it holds session rows when those are
 * more (snapshotDue), and on shutdown.
 *
 * A large projection is serialised a slice at a time between ingest batches, from a snapshot
 * taken at the snapshot's seq (the snapshot holds the stored rows, which are never mutated, so
 * later events do not change it): serialising 100,000 sessions at once held the event loop for
 * about 170 ms.
 */
@Injectable()
export class SessionsProjection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionsProjection.name);
  state: SessionsState = initialSessionsState();
  /** The highest stream sequence handled, and the read-your-writes requests waiting for it. */
  private readonly handled = new StreamSeqWaiters();
  private snapshotSeq = 0;
  private lastHash = '';
  private pending?: PendingSnapshot;
  /** A large snapshot being written on the store's own thread; the log waits for it. */
  private writing?: Promise<void>;
  private closed = false;
  /** Session rows above which a snapshot is written in slices rather than at once. */
  incrementalAbove = 20_000;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(SNAPSHOTS) private readonly snapshots: SnapshotStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Seq of the newest snapshot written or loaded. */
  get lastSnapshotSeq(): number {
    return this.snapshotSeq;
  }

  onModuleInit(): void {
    const started = performance.now();
    const saved = this.snapshots.atOrBefore(this.log.lastSeq());
    const snapshot = saved && readSavedSnapshot(saved, this.log.hashAt(saved.seq));
    if (saved && !snapshot) {
      this.logger.warn(
        `snapshot at seq ${saved.seq} does not match the log; replaying the whole log`,
      );
    } else if (saved && snapshot && snapshot.version < SAME_RULES_SINCE) {
      // Folded by earlier rules (boots judged by host clocks): the whole log is folded again.
      this.logger.warn(
        `snapshot at seq ${saved.seq} has format ${String(snapshot.version)}, older than ${SAME_RULES_SINCE}; replaying the whole log`,
      );
    } else if (saved && snapshot) {
      this.state = fromSnapshot(snapshot);
      this.snapshotSeq = saved.seq;
    }
    const from = this.state.lastSeq;
    for (const entry of this.log.read(from + 1)) this.applyOne(entry);
    // Messages dead-lettered after the last entry were handled too: the log's position says so.
    this.handled.reach(Math.max(this.state.lastStreamSeq, this.log.handledStreamSeq()));
    const ms = Math.round(performance.now() - started);
    this.logger.log(
      `projection loaded: snapshot at seq ${from}, ${this.state.lastSeq - from} entries replayed, ${ms} ms`,
    );
    // A long replay (entries imported from a peer, or a snapshot that did not match) is saved,
    // so the next start need not repeat it.
    if (this.snapshotDue()) this.snapshot();
  }

  /**
   * Applies a committed batch's entries, then records that every stream message up to
   * `handledThrough` is handled (duplicates and dead letters included) and releases the
   * read-your-writes requests waiting for it. Returns what the entries changed, in log order.
   */
  applyBatch(entries: readonly LogEntry[], handledThrough: number): SessionChange[] {
    const changes: SessionChange[] = [];
    this.apply(entries, changes);
    this.handled.reach(handledThrough);
    return changes;
  }

  /** Resolves true once stream sequence `streamSeq` is handled, false after `timeoutMs`. */
  waitUntilHandled(streamSeq: number, timeoutMs: number): Promise<boolean> {
    return this.handled.wait(streamSeq, timeoutMs);
  }

  /**
   * Applies committed entries (reporting what they changed to `changes`, when given) and writes a
   * snapshot when enough have accumulated.
   */
  apply(entries: readonly LogEntry[], changes?: SessionChange[]): void {
    for (const entry of entries) this.applyOne(entry, changes);
    if (!this.pending && !this.writing && this.snapshotDue()) this.beginSnapshot();
  }

  /** Whether enough entries were folded since the last snapshot for another (snapshotDue). */
  private snapshotDue(): boolean {
    return snapshotDue(
      this.state,
      this.state.lastSeq - this.snapshotSeq,
      this.config.snapshotEvery,
    );
  }

  /**
   * Settles once a snapshot being written in the background is in the file (at once when
   * none is): the log is written only then, so the two never wait for each other's lock on the
   * event loop.
   */
  writerIdle(): Promise<void> | undefined {
    return this.writing;
  }

  /** Saves the projection at its current seq (which is the log's last seq), at once. */
  snapshot(): void {
    if (this.pending) this.writePieces(this.pending, Number.POSITIVE_INFINITY);
    if (this.state.lastSeq === this.snapshotSeq) return;
    this.save(this.begin(), snapshotJson(toSnapshot(this.state)));
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.writing;
      this.snapshot();
    } catch (error) {
      this.logger.error(`could not write the shutdown snapshot: ${(error as Error).message}`);
    } finally {
      this.closed = true;
    }
  }

  private begin(): SnapshotMeta {
    const seq = this.state.lastSeq;
    return {
      seq,
      entryHash: this.lastHash || (this.log.hashAt(seq) ?? ''),
      maxOccurredMs: this.log.maxOccurredMs(),
    };
  }

  private beginSnapshot(): void {
    const snapshot = toSnapshot(this.state);
    if (snapshotRows(snapshot) <= this.incrementalAbove) {
      this.save(this.begin(), snapshotJson(snapshot));
      return;
    }
    const pending: PendingSnapshot = {
      ...this.begin(),
      pieces: snapshotJsonPieces(snapshot),
      written: [],
      sink: this.snapshots.streamInBackground?.(),
    };
    this.pending = pending;
    setImmediate(() => this.continueSnapshot(pending));
  }

  private continueSnapshot(pending: PendingSnapshot): void {
    if (this.closed || this.pending !== pending) return;
    try {
      if (!this.writePieces(pending, SLICE_MS)) setImmediate(() => this.continueSnapshot(pending));
    } catch (error) {
      // The next snapshot is due again at once; the log keeps everything meanwhile.
      this.pending = undefined;
      pending.sink?.abort();
      this.logger.error(`could not write a snapshot: ${(error as Error).message}`);
    }
  }

  /**
   * Writes pieces for up to `ms`; true when the snapshot is complete (saved, or handed to the
   * background writer). At once (`ms` infinite: start-up, shutdown) it is saved here.
   */
  private writePieces(pending: PendingSnapshot, ms: number): boolean {
    const atOnce = ms === Number.POSITIVE_INFINITY;
    if (atOnce && pending.sink) {
      // The pieces already sent are dropped; the whole state is written here instead.
      pending.sink.abort();
      pending.sink = undefined;
      pending.pieces = snapshotJsonPieces(toSnapshot(this.state));
      Object.assign(pending, this.begin());
    }
    const deadline = performance.now() + ms;
    do {
      const next = pending.pieces.next();
      if (next.done) {
        this.pending = undefined;
        if (pending.sink) this.finishInBackground(pending, pending.sink);
        else this.save(pending, pending.written.join(''));
        return true;
      }
      if (pending.sink) pending.sink.add(next.value);
      else pending.written.push(next.value);
    } while (performance.now() < deadline);
    return false;
  }

  private finishInBackground(at: SnapshotMeta, sink: SnapshotSink): void {
    const snapshot = { seq: at.seq, entryHash: at.entryHash, maxOccurredMs: at.maxOccurredMs };
    this.writing = sink
      .finish(snapshot, new Date().toISOString())
      .then(
        () => {
          this.snapshotSeq = at.seq;
        },
        (error: Error) => this.logger.error(`could not write a snapshot: ${error.message}`),
      )
      .finally(() => {
        this.writing = undefined;
      });
  }

  private save(at: SnapshotMeta, state: string): void {
    this.snapshots.save(
      { seq: at.seq, entryHash: at.entryHash, maxOccurredMs: at.maxOccurredMs, state },
      new Date().toISOString(),
    );
    this.snapshotSeq = at.seq;
  }

  private applyOne(entry: LogEntry, changes?: SessionChange[]): void {
    evolve(this.state, entry, changes);
    this.lastHash = entry.hash;
  }
}
