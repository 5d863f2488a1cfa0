import { createInbox, type Msg, type NatsConnection } from 'nats';
import {
  Subjects,
  type LogEntry,
  type ReplayRequest,
  type RpcErrorBody,
} from '@authtrail/contracts';
import { CliError, RemoteError } from '../rpc/rpc-client';

/** How long a replay waits for the next message before giving up. */
export const REPLAY_IDLE_MS = 10_000;
const NO_RESPONDERS = 503;
const decoder = new TextDecoder();

/** One reply message of audit.replay: more entries, or the end of the stream. */
export type ReplayMessage = { entries: LogEntry[] } | { end: true };

/**
 * Reads one reply message of audit.replay: an empty body ends the stream, `{"result": [...]}`
 * holds entries, `{"error": ...}` is thrown as a RemoteError; a no-responders status (only
 * expected first) means no service is listening.
 */
export function readReplayMessage(msg: Pick<Msg, 'data' | 'headers'>): ReplayMessage {
  if (msg.headers?.code === NO_RESPONDERS) {
    throw new CliError(`no authtrail service is answering on ${Subjects.replay}`);
  }
  if (msg.data.length === 0) return { end: true };
  let body: { result?: LogEntry[]; error?: RpcErrorBody };
  try {
    body = JSON.parse(decoder.decode(msg.data)) as typeof body;
  } catch {
    throw new CliError(`${Subjects.replay}: the service sent a reply that is not JSON`);
  }
  if (body.error) throw new RemoteError(body.error);
  if (!Array.isArray(body.result)) {
    throw new CliError(`${Subjects.replay}: the service sent a reply without a result list`);
  }
  return { entries: body.result };
}

/**
 * Sends one audit.replay request and hands each message's entries to `onEntries` (awaited before
 * the next message is read) until the empty closing message, or until `onEntries` returns false.
 * Fails when no message arrives for `idleMs`.
 */
export async function streamReplay(
  nc: NatsConnection,
  request: ReplayRequest,
  onEntries: (entries: LogEntry[]) => Promise<boolean>,
  idleMs: number = REPLAY_IDLE_MS,
): Promise<void> {
  const inbox = createInbox();
  const sub = nc.subscribe(inbox);
  const messages = sub[Symbol.asyncIterator]();
  nc.publish(Subjects.replay, JSON.stringify(request), { reply: inbox });
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CliError(
                `${Subjects.replay}: the authtrail service sent nothing for ${idleMs / 1000} s`,
              ),
            ),
          idleMs,
        );
      });
      const next = await Promise.race([messages.next(), idle]).finally(() => clearTimeout(timer));
      if (next.done) throw new CliError(`${Subjects.replay}: the connection closed mid-stream`);
      const message = readReplayMessage(next.value);
      if ('end' in message) return;
      if (!(await onEntries(message.entries))) return;
    }
  } finally {
    sub.unsubscribe();
  }
}
