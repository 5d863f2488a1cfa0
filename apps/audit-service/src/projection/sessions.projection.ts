import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { LogEntry } from '@authtrail/contracts';
import { evolve, initialSessionsState, type SessionsState } from '@authtrail/sessions';
import { EVENT_LOG, type EventLog } from '../log/event-log.provider';

interface Waiter {
  streamSeq: number;
  resolve: (reached: boolean) => void;
}

/**
 * Holds the sessions-since-boot projection: rebuilt from the log at start, then fed by ingest.
 * Also tracks the highest JetStream sequence handled (applied, duplicate or dead-lettered), which
 * read-your-writes requests wait on.
 */
@Injectable()
export class SessionsProjection implements OnModuleInit {
  private readonly logger = new Logger(SessionsProjection.name);
  readonly state: SessionsState = initialSessionsState();
  private handledStreamSeq = 0;
  private waiters: Waiter[] = [];

  constructor(@Inject(EVENT_LOG) private readonly log: EventLog) {}

  onModuleInit(): void {
    const started = performance.now();
    this.apply(this.log.read(this.state.lastSeq + 1));
    this.handledStreamSeq = this.state.lastStreamSeq;
    const ms = Math.round(performance.now() - started);
    this.logger.log(`projection loaded: ${this.state.lastSeq} log entries in ${ms} ms`);
  }

  apply(entries: Iterable<LogEntry>): void {
    for (const entry of entries) evolve(this.state, entry);
  }

  /** Records that every stream message up to `streamSeq` has been handled. */
  markHandled(streamSeq: number): void {
    if (streamSeq <= this.handledStreamSeq) return;
    this.handledStreamSeq = streamSeq;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.streamSeq <= streamSeq) waiter.resolve(true);
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** Resolves true once `streamSeq` is handled, false after `timeoutMs`. */
  waitForStreamSeq(streamSeq: number, timeoutMs: number): Promise<boolean> {
    if (streamSeq <= this.handledStreamSeq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        streamSeq,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
