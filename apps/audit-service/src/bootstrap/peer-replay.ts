import { createInbox, type NatsConnection } from 'nats';
import { Subjects, type ReplayRequest } from '@authtrail/contracts';
import type { SeqRange } from '../transport/resume-point';
import { BootstrapError } from './bootstrap-error';
import { readReplayReply } from './replay-reply';

/** No replica answered audit.replay (NATS reported no responders). */
export class NoPeerError extends Error {
  override readonly name = 'NoPeerError';
}

/** The replica that took the request is busy with other heavy requests (its 503). */
export class PeerBusyError extends Error {
  override readonly name = 'PeerBusyError';
}

/**
 * Asks the queue group for entries `window.from`..`window.to` on audit.replay and hands each reply
 * message's entries to `onEntries` (synchronously, in order) until the closing empty message.
 * Whichever replica answers sends the whole window. Fails when nothing arrives for `idleMs`.
 */
export async function replayWindow(
  connection: NatsConnection,
  window: SeqRange,
  onEntries: (entries: unknown[]) => void,
  idleMs: number,
): Promise<void> {
  const inbox = createInbox();
  const subscription = connection.subscribe(inbox);
  const messages = subscription[Symbol.asyncIterator]();
  const request: ReplayRequest = { from_seq: window.from, to_seq: window.to };
  connection.publish(Subjects.replay, JSON.stringify(request), { reply: inbox });
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new BootstrapError(
                `the peer answering ${Subjects.replay} sent nothing for ${idleMs / 1000} s`,
              ),
            ),
          idleMs,
        );
      });
      const next = await Promise.race([messages.next(), idle]).finally(() => clearTimeout(timer));
      if (next.done) throw new BootstrapError(`the NATS connection closed during the replay`);
      const reply = readReplayReply(next.value);
      if ('noPeer' in reply) throw new NoPeerError(`no replica answers ${Subjects.replay}`);
      if ('busy' in reply) throw new PeerBusyError(reply.busy);
      if ('end' in reply) return;
      onEntries(reply.entries);
    }
  } finally {
    subscription.unsubscribe();
  }
}
