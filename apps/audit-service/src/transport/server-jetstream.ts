import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  ConsumerDebugEvents,
  type Consumer,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { DEADLETTER_STREAM, DEADLETTER_WILDCARD, EVENTS_WILDCARD } from '@authtrail/contracts';
import { ensureDurableConsumer, ensureStream } from './ensure-jetstream';
import { JetStreamContext } from './jetstream.context';
import { INGEST_BATCH_PATTERN, JETSTREAM_TRANSPORT, type RawEventMessage } from './raw-event';
import { missingHistory } from './resume-point';
import { orderBatch, type OrderedMessage } from './stream-order';
import { streamFirstSeq } from './stream-positions';
import { storedAt } from './stored-at';

export interface ServerJetStreamOptions {
  connection: NatsConnection;
  stream: string;
  durable: string;
  batchSize: number;
  /** Servers that hold each stream it creates (a cluster's replication factor). */
  streamReplicas: number;
  /**
   * The highest stream sequence the handler has durably handled (the log's ingest position,
   * committed with each batch). Ingest resumes after it, whatever the durable consumer says it
   * delivered or acknowledged: a log restored from a backup ends before those.
   */
  resumeAfter: () => number;
}

const ACK_WAIT_MS = 10_000;
const PULL_EXPIRES_MS = 2_000;
const GATHER_MS = 20;
/** Pending messages that make a backlog worth waiting for; below it a batch commits at once. */
const BACKLOG = 64;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Ingest transport: a durable JetStream pull consumer. Messages are taken in batches of whatever
 * has arrived (up to batchSize), each batch goes to the handler of INGEST_BATCH_PATTERN, and the
 * batch is acknowledged only after the handler resolved (the log transaction committed). A failing
 * batch is retried in place, so later messages never overtake it. It starts after the handler's
 * own position (resumeAfter): what the consumer delivered beyond it (acknowledged or not) is read
 * straight from the stream first, then the consumer goes on.
 */
export class ServerJetStream extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_TRANSPORT;
  protected override readonly logger = new Logger(ServerJetStream.name);
  private consumer?: Consumer;
  private messages?: ConsumerMessages;
  private readonly buffer: JsMsg[] = [];
  private wake?: () => void;
  private running = false;
  private failing = false;
  private loop?: Promise<void>;
  private jsm?: JetStreamManager;
  /** The first stream sequence not yet handled: batches reach the handler in stream order. */
  private next = 1;
  /** Delivered before this process started and not acknowledged: read them from the stream now. */
  private catchUpTo = 0;

  constructor(private readonly options: ServerJetStreamOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { connection, stream, durable, batchSize, streamReplicas } = this.options;
      if (!this.getHandlerByPattern(INGEST_BATCH_PATTERN)) {
        throw new Error(`no handler for ${INGEST_BATCH_PATTERN} on the JetStream transport`);
      }
      const jsm = await connection.jetstreamManager();
      this.jsm = jsm;
      if (await ensureStream(jsm, stream, [EVENTS_WILDCARD], streamReplicas))
        this.logger.log(`created stream ${stream}`);
      if (await ensureStream(jsm, DEADLETTER_STREAM, [DEADLETTER_WILDCARD], streamReplicas)) {
        this.logger.log(`created stream ${DEADLETTER_STREAM}`);
      }
      const handled = this.options.resumeAfter();
      const created = await ensureDurableConsumer(jsm, {
        stream,
        durable,
        filterSubject: EVENTS_WILDCARD,
        maxAckPending: batchSize * 20,
        ackWaitMs: ACK_WAIT_MS,
        startAfterStreamSeq: handled,
      });
      if (created) {
        const from = handled > 0 ? `from stream seq ${handled + 1}` : 'from the start';
        this.logger.log(`created durable consumer ${durable} on ${stream}, ${from}`);
      }
      const info = await jsm.consumers.info(stream, durable);
      this.next = await this.firstToRead(handled + 1);
      // Everything the consumer delivered beyond the log's position: left unacknowledged by a
      // crash, or acknowledged long ago by a run whose log was then restored from a backup. The
      // consumer does not deliver those again (not soon, or never), so catchUp reads them.
      this.catchUpTo = info.delivered.stream_seq;
      this.consumer = await connection.jetstream().consumers.get(stream, durable);
      this.running = true;
      this.loop = this.processLoop();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * The first sequence to hand on: `next`, unless the stream's limits have dropped messages from
   * there (a log that took its history from a peer, or fell behind the limits): those cannot be
   * read, and the gap-fill would ask for each in vain.
   */
  private async firstToRead(next: number): Promise<number> {
    const first = (await streamFirstSeq(this.jsm!, this.options.stream)) ?? 0;
    const gone = missingHistory(next - 1, first);
    if (!gone) return next;
    this.logger.warn(
      `stream seqs ${gone.from}-${gone.to} are no longer in ${this.options.stream} and not in the log; continuing from ${first}`,
    );
    return first;
  }

  /** Stops pulling, lets the batch in hand commit and acknowledge, and hands the rest back. */
  async close(): Promise<void> {
    this.running = false;
    this.messages?.stop();
    this.wake?.();
    await this.loop;
    for (const message of this.buffer.splice(0)) message.nak();
  }

  on(): never {
    throw new Error('ServerJetStream has no status events');
  }

  unwrap<T>(): T {
    return this.options.connection as T;
  }

  /**
   * Short-lived pull requests (PULL_EXPIRES_MS): those of a crashed process expire quickly instead
   * of soaking up deliveries, and missed heartbeats (every half of it) reveal a dead server soon.
   */
  private async startPulling(): Promise<void> {
    // One batch per pull: nats.js 2.29 cannot bound a pull by bytes beside messages (its byte
    // mode asks for 100 messages at a time and mixing the two stalls its re-pulls until they
    // expire), so the bound is the count. A batch of 500 contract-sized events (64 KiB) is
    // 32 MiB, half of nats-server's 64 MiB of pending data per client beyond which it cuts the
    // client off as a Slow Consumer; two batches of them were over it.
    const messages = await this.consumer!.consume({
      max_messages: this.options.batchSize,
      expires: PULL_EXPIRES_MS,
    });
    this.messages = messages;
    if (!this.running) return messages.stop(); // closed while it was starting
    void this.pump(messages);
    void this.watchLeadership(messages);
  }

  /**
   * Pull requests live on the consumer's leader only. When a cluster elects a new one, the server
   * says "409 Leadership Change" and the old requests are gone; the client would wait for missed
   * heartbeats and a consumer lookup (5-15 s during an election) before pulling again. Pulling
   * anew at once resumes ingest as soon as the new leader serves.
   */
  private async watchLeadership(messages: ConsumerMessages): Promise<void> {
    for await (const status of await messages.status()) {
      if (
        status.type === ConsumerDebugEvents.DebugEvent &&
        /^409 leadership change/i.test(String(status.data)) &&
        this.running &&
        this.messages === messages
      ) {
        this.logger.log('the consumer has a new leader: pulling from it');
        messages.stop();
        for (let attempt = 0; this.running; attempt++) {
          try {
            await this.startPulling();
            break;
          } catch (error) {
            this.logger.warn(`pulling from the new consumer leader failed: ${describe(error)}`);
            await sleep(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt));
          }
        }
        return;
      }
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      this.buffer.push(message);
      this.wake?.();
    }
  }

  private async processLoop(): Promise<void> {
    await this.catchUp();
    // Pull only once caught up: messages delivered meanwhile would sit unacknowledged through a
    // long catch-up (a restore can be millions of messages behind) and come back again and again.
    if (this.running) await this.startPulling();
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      // One turn of the event loop first: the client hands over the rest of what the socket
      // holds (one message per microtask otherwise, and the loop would commit them nine at a
      // time, an fsync each) and flushes the acks and notifications of the last batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.gather();
      const batch = this.buffer.splice(0, this.options.batchSize);
      this.logger.debug(
        `batch of ${batch.length}: ${batch[0].seq}..${batch.at(-1)!.seq}, next ${this.next}`,
      );
      const { ordered, next } = orderBatch(
        batch.map((message) => ({ seq: message.seq, message })),
        this.next,
      );
      if (await this.commit(ordered)) {
        for (const message of batch) message.ack();
        this.next = next;
      } else {
        this.buffer.unshift(...batch);
      }
    }
  }

  /**
   * While the server says a backlog is pending, give it a moment (at most GATHER_MS) to arrive,
   * so a backlog commits in full batches; live traffic commits at once.
   */
  private async gather(): Promise<void> {
    const deadline = performance.now() + GATHER_MS;
    while (
      this.running &&
      this.buffer.length < this.options.batchSize &&
      (this.buffer.at(-1)?.info.pending ?? 0) >= BACKLOG &&
      performance.now() < deadline
    ) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * Messages the consumer delivered beyond the log's position, read from the stream by sequence
   * before pulling: those delivered to an earlier process and never acknowledged (they come back
   * only after the ack wait; their redeliveries are then duplicates, acknowledged), and those
   * acknowledged by a run whose log was since restored from an older copy (never delivered again).
   */
  private async catchUp(): Promise<void> {
    while (this.running && this.next <= this.catchUpTo) {
      const last = Math.min(this.catchUpTo, this.next + this.options.batchSize - 1);
      const ordered: OrderedMessage<JsMsg>[] = [];
      for (let seq = this.next; seq <= last; seq++) ordered.push({ seq });
      if (!(await this.commit(ordered))) return;
      this.logger.log(
        `read stream messages ${this.next}-${last}, delivered before this run and not yet handled by the log`,
      );
      this.next = last + 1;
    }
  }

  /** Stream messages by sequence (a sequence with no message, e.g. deleted, is skipped). */
  private async readFromStream(seqs: number[]): Promise<Map<number, RawEventMessage>> {
    const found = new Map<number, RawEventMessage>();
    for (let i = 0; i < seqs.length; i += 100) {
      const stored = await Promise.all(
        seqs.slice(i, i + 100).map((seq) =>
          this.jsm!.streams.getMessage(this.options.stream, { seq }).catch((error: Error) => {
            if (/no message found/i.test(error.message)) return undefined;
            throw error;
          }),
        ),
      );
      for (const m of stored) {
        if (m)
          found.set(m.seq, {
            subject: m.subject,
            data: m.data,
            streamSeq: m.seq,
            deliveryCount: 0,
            storedAt: m.time,
          });
      }
    }
    return found;
  }

  /** Hands the batch to the handler until it succeeds; false if the server stopped first. */
  private async commit(batch: OrderedMessage<JsMsg>[]): Promise<boolean> {
    const handler = this.getHandlerByPattern(INGEST_BATCH_PATTERN)!;
    const context = new JetStreamContext([this.options.stream, batch[0].seq, batch.length]);
    for (let attempt = 0; ; attempt++) {
      try {
        const missing = batch.filter((m) => !m.delivered).map((m) => m.seq);
        const read =
          missing.length > 0
            ? await this.readFromStream(missing)
            : new Map<number, RawEventMessage>();
        const payload: RawEventMessage[] = [];
        for (const { seq, delivered } of batch) {
          const raw = delivered
            ? {
                subject: delivered.subject,
                data: delivered.data,
                streamSeq: seq,
                deliveryCount: delivered.info.deliveryCount,
                storedAt: storedAt(delivered),
              }
            : read.get(seq);
          if (raw) payload.push(raw);
        }
        if (payload.length === 0) return true;
        const result = await handler(payload, context);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        if (this.failing) this.logger.log('ingest recovered: batches commit again');
        this.failing = false;
        return true;
      } catch (error) {
        if (!this.failing) {
          this.logger.error(`ingest batch failed, retrying in place: ${describe(error)}`);
        }
        this.failing = true;
        if (!this.running) return false;
        for (const { delivered } of batch) delivered?.working();
        await sleep(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt));
        if (!this.running) return false;
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
