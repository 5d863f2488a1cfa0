import type { Logger } from '@nestjs/common';
import { ConsumerDebugEvents, type Consumer, type ConsumerMessages, type JsMsg } from 'nats';
import { retryDelayMs, sleep } from './backoff';
import type { DeliveryBuffer } from './delivery-buffer';
import { errorText } from './error-text';

const PULL_EXPIRES_MS = 2_000;

/** Whether a consumer status says the consumer's leader changed (its pull requests are gone). */
export function isLeadershipChange(status: { type: unknown; data: unknown }): boolean {
  return (
    status.type === ConsumerDebugEvents.DebugEvent &&
    /^409 leadership change/i.test(String(status.data))
  );
}

/**
 * Pulls from the durable consumer into the buffer, one batch per pull request, and pulls anew
 * from a consumer's new leader at once.
 */
export class ConsumerPull {
  private messages?: ConsumerMessages;

  constructor(
    private readonly consumer: Consumer,
    private readonly batchSize: number,
    private readonly buffer: DeliveryBuffer<JsMsg>,
    private readonly running: () => boolean,
    private readonly logger: Logger,
  ) {}

  /**
   * Short-lived pull requests (PULL_EXPIRES_MS): those of a crashed process expire quickly instead
   * of soaking up deliveries, and missed heartbeats (every half of it) reveal a dead server soon.
   */
  async start(): Promise<void> {
    // One batch per pull: nats.js 2.29 cannot bound a pull by bytes beside messages (its byte
    // mode asks for 100 messages at a time and mixing the two stalls its re-pulls until they
    // expire), so the bound is the count. A batch of 500 contract-sized events (64 KiB) is
    // 32 MiB, half of nats-server's 64 MiB of pending data per client beyond which it cuts the
    // client off as a Slow Consumer; two batches of them were over it.
    const messages = await this.consumer.consume({
      max_messages: this.batchSize,
      expires: PULL_EXPIRES_MS,
    });
    this.messages = messages;
    if (!this.running()) return messages.stop(); // closed while it was starting
    void this.pump(messages);
    void this.watchLeadership(messages);
  }

  stop(): void {
    this.messages?.stop();
  }

  /**
   * Pull requests live on the consumer's leader only. When a cluster elects a new one, the server
   * says "409 Leadership Change" and the old requests are gone; the client would wait for missed
   * heartbeats and a consumer lookup (5-15 s during an election) before pulling again. Pulling
   * anew at once resumes ingest as soon as the new leader serves.
   */
  private async watchLeadership(messages: ConsumerMessages): Promise<void> {
    for await (const status of await messages.status()) {
      if (isLeadershipChange(status) && this.running() && this.messages === messages) {
        this.logger.log('the consumer has a new leader: pulling from it');
        messages.stop();
        for (let attempt = 0; this.running(); attempt++) {
          try {
            await this.start();
            break;
          } catch (error) {
            this.logger.warn(`pulling from the new consumer leader failed: ${errorText(error)}`);
            await sleep(retryDelayMs(attempt));
          }
        }
        return;
      }
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) this.buffer.push(message);
  }
}
