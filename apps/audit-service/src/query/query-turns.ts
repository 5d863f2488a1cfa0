import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RpcErrorCode } from '@authtrail/contracts';
import { GateBusyError } from '../rpc/heavy-gate';
import { RpcError } from '../rpc/rpc-error';
import { IngestBacklog } from '../status/ingest-backlog';
import { QueryShare } from './query-share';

/**
 * The first slice of every query, run at once whatever waits (ms): a short query (one host's
 * page, a count, a get by id) is answered in it, never queued behind long ones.
 */
export const FIRST_SLICE_MS = 1;
/**
 * Query time (ms) below which a waiting query counts as short: short ones go first, the one that
 * has run least first; the others in the order they came, so that under a flood the oldest end
 * rather than every one getting a little (least attained service alone starves them all).
 */
export const SHORT_MS = 5;
/** The share of the event loop queries may take while ingest has events waiting. */
export const QUERY_SHARE = 0.1;
/** Query time in hand after a quiet spell (ms). */
const BURST_MS = 20;
/** Queries waiting for a turn beyond which another is refused at once (503). */
export const MAX_WAITING = 64;
/** The longest the turns wait before they look again whether ingest still has events (ms). */
const RECHECK_MS = 50;
/** The longest a query waits for a turn before it is answered with a 504 (ms). */
export const MAX_WAIT_MS = 30_000;

/** One query's use of the turns: it reports each slice it ran. */
export interface QueryTurn {
  /** It ran a slice of `ms` and has more to do: resolves when its next slice may run. */
  next(ms: number): Promise<void>;
  /** It ran its last slice, of `ms` (done, or failed). */
  done(ms: number): void;
}

interface Waiter {
  /** Query time this query has had so far (ms). */
  attained: number;
  /** When the query came (its first slice): the order of the long ones. */
  came: number;
  since: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Shares the event loop between queries and ingest. While delivered events wait for ingest
 * (IngestBacklog), query slices take at most QUERY_SHARE of the time (QueryShare): a flood of
 * costly queries slows itself, not ingest. Otherwise queries run as they come. Every query first
 * runs FIRST_SLICE_MS at once, so a short one is answered whatever waits; one that needs more is
 * queued: those that have run less than SHORT_MS first, least first, then the others in the
 * order they came. A full queue refuses a query with a 503 at once, and one that waited
 * MAX_WAIT_MS gets a 504.
 */
@Injectable()
export class QueryTurns implements OnApplicationShutdown {
  private readonly share = new QueryShare(QUERY_SHARE, BURST_MS, performance.now());
  private readonly waiting: Waiter[] = [];
  private timer?: { cancel(): void };

  constructor(private readonly backlog: IngestBacklog) {}

  /** At shutdown the queries still waiting are answered with a 503. */
  onApplicationShutdown(): void {
    this.timer?.cancel();
    this.timer = undefined;
    for (const waiter of this.waiting.splice(0)) {
      waiter.reject(new GateBusyError('the service is stopping: retry later'));
    }
  }

  /** How many queries wait for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** A query's turns. Its first slice (FIRST_SLICE_MS) runs at once. */
  start(): QueryTurn {
    const came = performance.now();
    let attained = 0;
    return {
      next: (ms) => {
        attained += ms;
        this.share.spend(ms, performance.now());
        return this.queue(attained, came);
      },
      done: (ms) => {
        this.share.spend(ms, performance.now());
        this.schedule();
      },
    };
  }

  private queue(attained: number, came: number): Promise<void> {
    if (this.waiting.length >= MAX_WAITING) {
      this.schedule();
      return Promise.reject(
        new GateBusyError(
          `the service is busy with ${this.waiting.length} queries waiting for a turn ` +
            `(at most ${MAX_WAITING}) while it ingests: retry later`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ attained, came, since: performance.now(), resolve, reject });
      this.schedule();
    });
  }

  /** Grants the next turn when the budget allows (one grant per timer: its slice runs first). */
  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const wait = this.share.wait(performance.now(), this.backlog.ingestWaiting);
    // At once: the next turn of the event loop (a timer would wait a millisecond at least).
    if (wait <= 0) {
      const immediate = setImmediate(() => this.grant());
      this.timer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(() => this.grant(), Math.ceil(Math.min(wait, RECHECK_MS)));
      this.timer = { cancel: () => clearTimeout(timeout) };
    }
  }

  private grant(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const late of this.waiting.filter((w) => now - w.since >= MAX_WAIT_MS)) {
      this.waiting.splice(this.waiting.indexOf(late), 1);
      late.reject(
        new RpcError({
          code: RpcErrorCode.Timeout,
          message: `the query waited ${MAX_WAIT_MS / 1000} s for a turn while the service ingested`,
        }),
      );
    }
    if (this.share.wait(now, this.backlog.ingestWaiting) > 0) return this.schedule();
    let next = 0;
    const rank = (w: Waiter) => Math.min(w.attained, SHORT_MS);
    for (let i = 1; i < this.waiting.length; i++) {
      const [a, b] = [this.waiting[i], this.waiting[next]];
      if (rank(a) < rank(b) || (rank(a) === rank(b) && a.came < b.came)) next = i;
    }
    const [waiter] = this.waiting.splice(next, 1);
    waiter?.resolve();
  }
}
