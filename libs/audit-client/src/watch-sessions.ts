import type { Msg, NatsConnection, NatsError, Subscription } from 'nats';
import {
  HOST_PATTERN,
  sessionsChangedSubject,
  type SessionRow,
  type SessionsChanged,
} from '@authtrail/contracts';
import { readCurrentSessions, type CurrentSessions } from './current-sessions';
import { readSessionsChanged } from './sessions-changed-message';
import { SessionsFollower } from './sessions-follower';

/** What a watch yields: first the host's rows, then each change of them, in log order. */
export type SessionsUpdate =
  | { type: 'rows'; host: string; seq: number; rows: SessionRow[] }
  | {
      type: 'change';
      change: SessionsChanged;
      /**
       * Set on changes made up after the rows were read again (a gap or a reconnect): they turn
       * the rows shown before into the rows read, and say why they were read.
       */
      resync?: string;
    };

export interface WatchSessionsOptions {
  /** How long each `auth.sessions` request may take (default 10 s). */
  timeoutMs?: number;
  /** Told each time the rows are read again, why, and of each failed attempt (it retries). */
  onResync?: (reason: string, error?: Error) => void;
}

/** Longest wait between two attempts to read the rows again. */
const MAX_RETRY_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Follows one host's non-internal sessions (those TrueNAS sends events for, REF §1.5): it
 * subscribes to `auth.sessions.changed.<host>` first, then reads `auth.sessions` with the log seq
 * it reflects, then applies each change after that seq (see SessionsFollower). It yields
 * `{type: 'rows'}` once, then `{type: 'change'}` for each change applied.
 *
 * It reads the rows again, and yields the difference as changes marked `resync`, when changes
 * may have been missed: after NATS reconnects (what was published meanwhile is lost), and when a
 * change does not follow on from the last (`prev_seq`: the service restarted, or one of its
 * publishes failed). A failed read is retried, every few seconds at most, until it succeeds or
 * the watch stops. Updates wait in memory until they are read: read them.
 */
export class SessionsWatch implements AsyncIterableIterator<SessionsUpdate> {
  private readonly follower = new SessionsFollower();
  private readonly queue: SessionsUpdate[] = [];
  private wake?: () => void;
  /** Changes received while the rows are being read; applied once they are in. */
  private buffer?: SessionsChanged[] = [];
  /** Why the rows must be read once more after the read in flight (a reconnect during it). */
  private readAgain?: string;
  private subscription?: Subscription;
  private statusFeed?: AsyncIterable<unknown> & { stop?: () => void };
  private stopped = false;
  /** Whether the `rows` update was given (later reads give changes). */
  private shown = false;
  private failure?: Error;
  /**
   * Messages on the subject that were dropped: not a change of this host, or, held through a
   * read of the rows, still not following on from them.
   */
  skipped = 0;
  /** How many times the rows were read again. */
  resyncs = 0;

  constructor(
    private readonly connection: NatsConnection,
    readonly host: string,
    private readonly options: WatchSessionsOptions = {},
  ) {}

  /** Subscribes, then reads the rows; rejects (and stops) when they cannot be read. */
  async start(): Promise<void> {
    this.subscription = this.connection.subscribe(sessionsChangedSubject(this.host), {
      callback: (error, msg) => this.received(error, msg),
    });
    await this.connection.flush();
    void this.followStatus();
    void this.connection.closed().then((error) => {
      this.end(error ?? new Error('the connection to NATS closed'));
    });
    try {
      this.loaded(await this.read(), undefined);
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /** The rows as they stand after the updates taken so far, oldest first. */
  rows(): SessionRow[] {
    return this.follower.rows();
  }

  /** The log seq the rows reflect. */
  get seq(): number {
    return this.follower.position;
  }

  /** Updates waiting to be read. */
  get pending(): number {
    return this.queue.length;
  }

  async next(): Promise<IteratorResult<SessionsUpdate>> {
    for (;;) {
      const update = this.queue.shift();
      if (update) return { done: false, value: update };
      if (this.failure) throw this.failure;
      if (this.stopped) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  return(): Promise<IteratorResult<SessionsUpdate>> {
    this.stop();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SessionsUpdate> {
    return this;
  }

  /** Ends the watch: unsubscribes; the updates not read yet are dropped. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.length = 0;
    if (this.subscription && !this.subscription.isClosed()) this.subscription.unsubscribe();
    this.statusFeed?.stop?.();
    this.notify();
  }

  private end(failure: Error): void {
    if (this.stopped) return;
    this.failure = failure;
    this.stop();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private push(update: SessionsUpdate): void {
    this.queue.push(update);
    this.notify();
  }

  private received(error: NatsError | null, msg: Msg): void {
    if (error || this.stopped) return;
    const change = readSessionsChanged(msg.data, this.host);
    if (change) this.take(change);
    else this.skipped++;
  }

  /**
   * Applies a change, or buffers it while the rows are read. A gap makes it read again, unless
   * the change was held through a read (`afterRead`): one that still does not follow on is
   * dropped and counted as skipped, so no message, even a forged one, makes it read for ever;
   * should it have been real, the host's next change does not follow on either and reads again.
   */
  private take(change: SessionsChanged, afterRead = false): void {
    if (this.buffer) {
      this.buffer.push(change);
      return;
    }
    const step = this.follower.apply(change);
    if (step === 'applied') this.push({ type: 'change', change });
    else if (step === 'gap' && afterRead) this.skipped++;
    else if (step === 'gap') {
      this.buffer = [change];
      void this.readAgainFor(`a change before seq ${change.seq} was missed`);
    }
  }

  private async followStatus(): Promise<void> {
    const feed = this.connection.status() as AsyncIterable<{ type: string }> & {
      stop?: () => void;
    };
    this.statusFeed = feed;
    for await (const status of feed) {
      if (this.stopped) return;
      if (status.type !== 'reconnect') continue;
      const reason = 'NATS reconnected';
      if (this.buffer) this.readAgain = reason;
      else {
        this.buffer = [];
        void this.readAgainFor(reason);
      }
    }
  }

  private read(): Promise<CurrentSessions> {
    return readCurrentSessions(this.connection, this.host, this.options.timeoutMs ?? 10_000);
  }

  /** Reads the rows until it succeeds or the watch stops; changes are buffered meanwhile. */
  private async readAgainFor(reason: string): Promise<void> {
    this.resyncs++;
    this.options.onResync?.(reason);
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const current = await this.read();
        if (this.stopped) return;
        this.loaded(current, reason);
        return;
      } catch (error) {
        this.options.onResync?.(reason, error as Error);
        await sleep(Math.min(250 * 2 ** attempt, MAX_RETRY_MS));
      }
    }
  }

  /**
   * Takes rows read at a seq, then the changes buffered meanwhile: the first time as the `rows`
   * update, later as the changes from the rows shown to these.
   */
  private loaded(current: CurrentSessions, reason: string | undefined): void {
    if (this.readAgain !== undefined) {
      // NATS reconnected during the read: changes may be missing after its seq as well. The
      // buffer is kept; the next read's seq tells which of its changes to drop.
      const again = this.readAgain;
      this.readAgain = undefined;
      void this.readAgainFor(again);
      return;
    }
    const buffered = this.buffer ?? [];
    this.buffer = undefined;
    const made = this.follower.reset(this.host, current.seq, current.rows);
    if (!this.shown) {
      this.shown = true;
      this.push({ type: 'rows', host: this.host, seq: current.seq, rows: this.follower.rows() });
    } else {
      for (const change of made) this.push({ type: 'change', change, resync: reason });
    }
    for (const change of buffered) this.take(change, true);
  }
}

/**
 * Starts following `host`'s sessions: resolves once its rows are read (the first update), or
 * rejects when they cannot be (no service, a bad host, an error reply). Stop it with `stop()`,
 * or by leaving a `for await` loop over it.
 */
export async function watchSessions(
  connection: NatsConnection,
  host: string,
  options: WatchSessionsOptions = {},
): Promise<SessionsWatch> {
  if (typeof host !== 'string' || !HOST_PATTERN.test(host)) {
    throw new TypeError(`watchSessions: host must match ${String(HOST_PATTERN)}`);
  }
  const watch = new SessionsWatch(connection, host, options);
  await watch.start();
  return watch;
}
