import type { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import type { JsMsg } from 'nats';
import { isObservable, lastValueFrom } from 'rxjs';
import { retryDelayMs, sleep } from './backoff';
import { errorText } from './error-text';
import { JetStreamContext } from './jetstream.context';
import type { RawEventMessage } from './raw-event';
import { batchPayload } from './raw-messages';
import type { OrderedMessage } from './stream-order';

export interface InPlaceCommitOptions {
  stream: string;
  /** The handler of INGEST_BATCH_PATTERN: resolves once the batch is committed. */
  handler: MessageHandler;
  /** Reads the messages of a gap from the stream. */
  read: (seqs: number[]) => Promise<Map<number, RawEventMessage>>;
  running: () => boolean;
  logger: Logger;
}

/**
 * Hands a batch in stream order to the handler, and retries it in place (with backoff, keeping
 * its delivered messages from being redelivered meanwhile) until it commits: later messages never
 * overtake it. One line when batches start failing and one when they commit again.
 */
export class InPlaceCommit {
  private failing = false;

  constructor(private readonly options: InPlaceCommitOptions) {}

  /** True once the handler committed the batch; false if the loop stopped first. */
  async commit(batch: OrderedMessage<JsMsg>[]): Promise<boolean> {
    const { stream, handler, read, running, logger } = this.options;
    const context = new JetStreamContext([stream, batch[0].seq, batch.length]);
    // Read from the stream once: a stored message never changes, so a retry reuses it.
    let payload: RawEventMessage[] | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        if (payload === undefined) {
          const missing = batch.filter((m) => !m.delivered).map((m) => m.seq);
          const found =
            missing.length > 0 ? await read(missing) : new Map<number, RawEventMessage>();
          payload = batchPayload(batch, found);
        }
        if (payload.length === 0) return true;
        const result = await handler(payload, context);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        if (this.failing) logger.log('ingest recovered: batches commit again');
        this.failing = false;
        return true;
      } catch (error) {
        if (!this.failing) {
          logger.error(`ingest batch failed, retrying in place: ${errorText(error)}`);
        }
        this.failing = true;
        if (!running()) return false;
        for (const { delivered } of batch) delivered?.working();
        await sleep(retryDelayMs(attempt));
        if (!running()) return false;
      }
    }
  }
}
