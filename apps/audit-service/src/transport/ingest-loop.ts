import type { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import type { Consumer, JetStreamManager, JsMsg } from 'nats';
import type { ConsumerStart } from './consumer-setup';
import { ConsumerPull } from './consumer-pull';
import { DeliveryBuffer } from './delivery-buffer';
import { InPlaceCommit } from './in-place-commit';
import { readFromStream } from './stream-read';
import { catchUpBatch, orderBatch } from './stream-order';

/** Told how many messages wait for a batch, delivered or still on the server (IngestBacklog). */
export interface BacklogView {
  watchBacklog(size: () => number): void;
}

export interface IngestLoopOptions {
  jsm: JetStreamManager;
  consumer: Consumer;
  stream: string;
  batchSize: number;
  handler: MessageHandler;
  start: ConsumerStart;
  logger: Logger;
  backlog?: BacklogView;
}

/**
 * Takes batches of whatever has arrived (up to batchSize),
 * in stream order from the first sequence not yet handled, hands each to the handler and
 * acknowledges it once committed. At start, what the consumer delivered beyond that sequence is
 * read from the stream first.
 */
export class IngestLoop {
  private running = true;
  /** The first stream sequence not yet handled: batches reach the handler in stream order. */
  private next: number;
  /** Delivered before this process started and not handled: read them from the stream first. */
  private readonly catchUpTo: number;
  private readonly buffer = new DeliveryBuffer<JsMsg>();
  private readonly pull: ConsumerPull;
  private readonly commits: InPlaceCommit;
  private readonly batchSize: number;
  private readonly logger: Logger;
  private done?: Promise<void>;

  constructor({
    jsm,
    consumer,
    stream,
    batchSize,
    handler,
    start,
    logger,
    backlog,
  }: IngestLoopOptions) {
    this.next = start.next;
    this.catchUpTo = start.catchUpTo;
    this.batchSize = batchSize;
    this.logger = logger;
    const running = () => this.running;
    this.pull = new ConsumerPull(consumer, batchSize, this.buffer, running, logger);
    backlog?.watchBacklog(() => this.buffer.backlog);
    this.commits = new InPlaceCommit({
      stream,
      handler,
      read: (seqs) => readFromStream(jsm, stream, seqs),
      running,
      logger,
    });
  }

  start(): void {
    this.done = this.run();
  }

  /** Stops pulling, lets the batch in hand commit and acknowledge, and hands the rest back. */
  async stop(): Promise<void> {
    this.running = false;
    this.pull.stop();
    this.buffer.wakeUp();
    await this.done;
    for (const message of this.buffer.drain()) message.nak();
  }

  private async run(): Promise<void> {
    await this.catchUp();
    // Pull only once caught up: messages delivered meanwhile would sit unacknowledged through a
    // long catch-up (a restore can be millions of messages behind) and come back again and again.
    if (this.running) await this.pull.start();
    while (this.running) {
      if (this.buffer.size === 0) {
        await this.buffer.waitForMore();
        continue;
      }
      // One turn of the event loop first: the client hands over the rest of what the socket
      // holds (one message per microtask otherwise, and the loop would commit them nine at a
      // time, an fsync each) and flushes the acks and notifications of the last batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.buffer.gather(this.batchSize, () => this.running);
      const batch = this.buffer.take(this.batchSize);
      this.logger.debug(
        `batch of ${batch.length}: ${batch[0].seq}..${batch.at(-1)!.seq}, next ${this.next}`,
      );
      const { ordered, next } = orderBatch(
        batch.map((message) => ({ seq: message.seq, message })),
        this.next,
      );
      if (await this.commits.commit(ordered)) {
        for (const message of batch) message.ack();
        this.next = next;
      } else {
        this.buffer.putBack(batch);
      }
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
      const batch = catchUpBatch<JsMsg>(this.next, this.catchUpTo, this.batchSize);
      const last = batch.at(-1)!.seq;
      if (!(await this.commits.commit(batch))) return;
      this.logger.log(
        `read stream messages ${this.next}-${last}, delivered before this run and not yet handled by the log`,
      );
      this.next = last + 1;
    }
  }
}
