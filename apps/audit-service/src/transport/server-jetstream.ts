import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import { DEADLETTER_STREAM, DEADLETTER_WILDCARD, EVENTS_WILDCARD } from '@authtrail/contracts';
import { ensureDurableConsumer, ensureStream } from './ensure-jetstream';
import { JetStreamContext } from './jetstream.context';
import { INGEST_BATCH_PATTERN, JETSTREAM_TRANSPORT, type RawEventMessage } from './raw-event';

export interface ServerJetStreamOptions {
  connection: NatsConnection;
  stream: string;
  durable: string;
  batchSize: number;
}

const ACK_WAIT_MS = 30_000;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Ingest transport: a durable JetStream pull consumer. Messages are taken in batches of whatever
 * has arrived (up to batchSize), each batch goes to the handler of INGEST_BATCH_PATTERN, and the
 * batch is acknowledged only after the handler resolved (the log transaction committed). A failing
 * batch is retried in place, so later messages never overtake it.
 */
export class ServerJetStream extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_TRANSPORT;
  protected override readonly logger = new Logger(ServerJetStream.name);
  private messages?: ConsumerMessages;
  private readonly buffer: JsMsg[] = [];
  private wake?: () => void;
  private running = false;
  private failing = false;
  private loop?: Promise<void>;

  constructor(private readonly options: ServerJetStreamOptions) {
    super();
  }

  /** True while batches fail to commit (the service reports itself unhealthy then). */
  get isFailing(): boolean {
    return this.failing;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { connection, stream, durable, batchSize } = this.options;
      if (!this.getHandlerByPattern(INGEST_BATCH_PATTERN)) {
        throw new Error(`no handler for ${INGEST_BATCH_PATTERN} on the JetStream transport`);
      }
      const jsm = await connection.jetstreamManager();
      if (await ensureStream(jsm, stream, [EVENTS_WILDCARD]))
        this.logger.log(`created stream ${stream}`);
      if (await ensureStream(jsm, DEADLETTER_STREAM, [DEADLETTER_WILDCARD])) {
        this.logger.log(`created stream ${DEADLETTER_STREAM}`);
      }
      const created = await ensureDurableConsumer(jsm, {
        stream,
        durable,
        filterSubject: EVENTS_WILDCARD,
        maxAckPending: batchSize * 4,
        ackWaitMs: ACK_WAIT_MS,
      });
      if (created) this.logger.log(`created durable consumer ${durable} on ${stream}`);
      const consumer = await connection.jetstream().consumers.get(stream, durable);
      this.messages = await consumer.consume({ max_messages: batchSize * 2 });
      this.running = true;
      void this.pump(this.messages);
      this.loop = this.processLoop();
      callback();
    } catch (error) {
      callback(error);
    }
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

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      this.buffer.push(message);
      this.wake?.();
    }
  }

  private async processLoop(): Promise<void> {
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const batch = this.buffer.splice(0, this.options.batchSize);
      if (await this.commit(batch)) {
        for (const message of batch) message.ack();
      } else {
        this.buffer.unshift(...batch);
      }
    }
  }

  /** Hands the batch to the handler until it succeeds; false if the server stopped first. */
  private async commit(batch: JsMsg[]): Promise<boolean> {
    const handler = this.getHandlerByPattern(INGEST_BATCH_PATTERN)!;
    const payload: RawEventMessage[] = batch.map((m) => ({
      subject: m.subject,
      data: m.data,
      streamSeq: m.seq,
      deliveryCount: m.info.deliveryCount,
    }));
    const context = new JetStreamContext([this.options.stream, batch[0].seq, batch.length]);
    for (let attempt = 0; ; attempt++) {
      try {
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
        for (const message of batch) message.working();
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
