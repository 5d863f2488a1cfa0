import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions } from '@authtrail/nats-config';
import { EventPublisher } from '@authtrail/publisher';
import type { EventSpool } from './event-spool';
import { sendSpool, type SpoolReport } from './spool-sender';

/** A promise that gives up after `ms` (the work itself may go on; its result is dropped). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends the spool over a connection of its own, all of it within `deadline` (ms since the
 * epoch): the connection, every publish and its retries. What is not acknowledged by then stays
 * spooled; the report says why. For short-lived callers (`authtrail pam`), which must not hold
 * up a login.
 */
export async function flushSpool(
  spool: EventSpool,
  natsEnv: Record<string, string>,
  deadline: number,
  name: string,
): Promise<SpoolReport> {
  const remaining = () => Math.max(deadline - Date.now(), 1);
  const options = natsConnectionOptions(natsEnv, name);
  let nc: NatsConnection;
  try {
    nc = await within(
      connect({
        ...options,
        waitOnFirstConnect: false,
        maxReconnectAttempts: 0,
        timeout: remaining(),
      }),
      remaining(),
      `connecting to ${String(options.servers)}`,
    );
  } catch (error) {
    const failure = new Error(
      `cannot connect to NATS at ${String(options.servers)}: ${(error as Error).message}`,
    );
    return { sent: 0, duplicates: 0, rejected: [], left: spool.pending().length, failure };
  }
  try {
    return await sendSpool(
      spool,
      (subject, data, eventId) =>
        new EventPublisher(nc, { deadlineMs: remaining(), timeoutMs: remaining() }).publishRaw(
          subject,
          data,
          eventId,
        ),
      () => deadline - Date.now() <= 0,
    );
  } finally {
    await within(nc.close(), 500, 'closing the connection').catch(() => undefined);
  }
}
