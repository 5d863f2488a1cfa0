import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { setUpConsumer, type ConsumerSetup } from './consumer-setup';
import { IngestLoop, type BacklogView } from './ingest-loop';
import { INGEST_BATCH_PATTERN, JETSTREAM_TRANSPORT } from './raw-event';

export interface ServerJetStreamOptions extends ConsumerSetup {
  connection: NatsConnection;
  /** Told how many messages wait for a batch; says whether queries come. */
  backlog?: BacklogView;
}

/**
 * Ingest transport: a durable JetStream pull consumer. Messages are taken in batches of whatever
 * has arrived (up to batchSize), each batch goes to the handler of INGEST_BATCH_PATTERN, and the
 * batch is acknowledged only after the handler resolved (the log transaction committed). A failing
 * batch is retried in place, so later messages never overtake it. It starts after the handler's
 * own position (resumeAfter): what the consumer delivered beyond it (acknowledged or not) is read
 * straight from the stream first, then the consumer goes on.
 *
 * The strategy is the glue to Nest: the streams and consumer are set up by `setUpConsumer`, the
 * batches taken by `IngestLoop`.
 */
export class ServerJetStream extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_TRANSPORT;
  protected override readonly logger = new Logger(ServerJetStream.name);
  private loop?: IngestLoop;

  constructor(private readonly options: ServerJetStreamOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { connection, stream, durable, batchSize, backlog } = this.options;
      const handler = this.getHandlerByPattern(INGEST_BATCH_PATTERN);
      if (!handler) {
        throw new Error(`no handler for ${INGEST_BATCH_PATTERN} on the JetStream transport`);
      }
      const jsm = await connection.jetstreamManager();
      const start = await setUpConsumer(jsm, this.options, this.logger);
      const consumer = await connection.jetstream().consumers.get(stream, durable);
      this.loop = new IngestLoop({
        jsm,
        consumer,
        stream,
        batchSize,
        handler,
        start,
        logger: this.logger,
        backlog,
      });
      this.loop.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops pulling, lets the batch in hand commit and acknowledge, and hands the rest back. */
  async close(): Promise<void> {
    await this.loop?.stop();
  }

  on(): never {
    throw new Error('ServerJetStream has no status events');
  }

  unwrap<T>(): T {
    return this.options.connection as T;
  }
}
