import type { NatsConnection } from 'nats';
import type { AuthEvent } from '@authtrail/contracts';
import { EventPublisher, type PublishReceipt } from '@authtrail/publisher';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes events in chunks at about `perSecond`, retrying a chunk (same Nats-Msg-Ids, so no
 * duplicates) while NATS is unreachable. Returns the receipts, in order.
 */
export async function publishPaced(
  nc: NatsConnection,
  events: readonly AuthEvent[],
  perSecond: number,
  chunk = 250,
): Promise<PublishReceipt[]> {
  const publisher = new EventPublisher(nc, { attempts: 1, timeoutMs: 2_000 });
  const receipts: PublishReceipt[] = [];
  for (let i = 0; i < events.length; i += chunk) {
    const started = Date.now();
    const slice = events.slice(i, i + chunk);
    for (;;) {
      try {
        receipts.push(...(await publisher.publishAll(slice, 128)));
        break;
      } catch {
        await sleep(250);
      }
    }
    const wait = (chunk / perSecond) * 1000 - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }
  return receipts;
}
