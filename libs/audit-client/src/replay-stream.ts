import { createInbox, type NatsConnection } from 'nats';
import { Subjects, type ReplayChunk, type ReplayRequest } from '@authtrail/contracts';
import { readReplayMessage, type ReplayFailure } from './replay-message';

export interface ReplayStreamOptions {
  /** How long to wait for the next message before failing with `{type: 'idle'}`. */
  idleMs: number;
  /** The error to throw for a failure, worded for the caller's users. */
  failure: (failure: ReplayFailure) => Error;
}

/**
 * Sends one audit.replay request and hands each message's entries to `onEntries` (awaited before
 * the next message is read, so a slow consumer holds the stream back) until the closing empty
 * message, or until `onEntries` returns false. Any failure is thrown as `options.failure` words it.
 */
export async function streamReplay(
  connection: NatsConnection,
  request: ReplayRequest,
  onEntries: (entries: ReplayChunk) => boolean | void | Promise<boolean | void>,
  options: ReplayStreamOptions,
): Promise<void> {
  const { idleMs } = options;
  const inbox = createInbox();
  const subscription = connection.subscribe(inbox);
  const messages = subscription[Symbol.asyncIterator]();
  connection.publish(Subjects.replay, JSON.stringify(request), { reply: inbox });
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(options.failure({ type: 'idle', idleMs })), idleMs);
      });
      const next = await Promise.race([messages.next(), idle]).finally(() => clearTimeout(timer));
      if (next.done) throw options.failure({ type: 'closed' });
      const message = readReplayMessage(next.value);
      if ('failure' in message) throw options.failure(message.failure);
      if ('end' in message) return;
      if ((await onEntries(message.entries)) === false) return;
    }
  } finally {
    subscription.unsubscribe();
  }
}
