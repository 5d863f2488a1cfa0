import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { LogEntry } from '@authtrail/contracts';
import {
  evolve,
  fromSnapshot,
  initialSessionsState,
  toSnapshot,
  type SessionsSnapshot,
  type SessionsState,
} from '@authtrail/sessions';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import {
  CHECKPOINTS,
  EVENT_LOG,
  type CheckpointStore,
  type EventLog,
} from '../log/event-log.provider';
import { StreamSeqWaiters } from './stream-seq-waiters';

/**
 * Holds the sessions-since-boot projection. At start it loads the newest checkpoint and replays
 * only the log after it; while running it is fed by ingest and checkpoints itself every
 * `checkpointEvery` entries and on shutdown.
 */
@Injectable()
export class SessionsProjection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionsProjection.name);
  state: SessionsState = initialSessionsState();
  readonly handled = new StreamSeqWaiters();
  private checkpointSeq = 0;
  private lastHash = '';

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Seq of the newest checkpoint written or loaded. */
  get lastCheckpointSeq(): number {
    return this.checkpointSeq;
  }

  onModuleInit(): void {
    const started = performance.now();
    const checkpoint = this.checkpoints.atOrBefore(this.log.lastSeq());
    if (checkpoint && this.log.hashAt(checkpoint.seq) === checkpoint.entryHash) {
      this.state = fromSnapshot(JSON.parse(checkpoint.state) as SessionsSnapshot);
      this.checkpointSeq = checkpoint.seq;
    } else if (checkpoint) {
      this.logger.warn(
        `checkpoint at seq ${checkpoint.seq} does not match the log; replaying the whole log`,
      );
    }
    const from = this.state.lastSeq;
    for (const entry of this.log.read(from + 1)) this.applyOne(entry);
    // Messages dead-lettered after the last entry were handled too: the log's position says so.
    this.handled.reach(Math.max(this.state.lastStreamSeq, this.log.handledStreamSeq()));
    const ms = Math.round(performance.now() - started);
    this.logger.log(
      `projection loaded: checkpoint at seq ${from}, ${this.state.lastSeq - from} entries replayed, ${ms} ms`,
    );
    // A long replay (entries imported from a peer, or a checkpoint that did not match) is saved,
    // so the next start need not repeat it.
    if (this.state.lastSeq - this.checkpointSeq >= this.config.checkpointEvery) this.checkpoint();
  }

  /** Applies committed entries and writes a checkpoint when enough have accumulated. */
  apply(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.applyOne(entry);
    if (this.state.lastSeq - this.checkpointSeq >= this.config.checkpointEvery) this.checkpoint();
  }

  /** Saves the projection at its current seq (which is the log's last seq). */
  checkpoint(): void {
    if (this.state.lastSeq === this.checkpointSeq) return;
    const seq = this.state.lastSeq;
    this.checkpoints.save(
      {
        seq,
        entryHash: this.lastHash || (this.log.hashAt(seq) ?? ''),
        maxOccurredMs: this.log.maxOccurredMs(),
        state: JSON.stringify(toSnapshot(this.state)),
      },
      new Date().toISOString(),
    );
    this.checkpointSeq = seq;
  }

  onApplicationShutdown(): void {
    try {
      this.checkpoint();
    } catch (error) {
      this.logger.error(`could not write the shutdown checkpoint: ${(error as Error).message}`);
    }
  }

  private applyOne(entry: LogEntry): void {
    evolve(this.state, entry);
    this.lastHash = entry.hash;
  }
}
