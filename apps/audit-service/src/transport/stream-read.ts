import type { JetStreamManager } from 'nats';
import type { RawEventMessage } from './raw-event';
import { fromStored } from './raw-messages';

/** Stream reads in flight at once. */
const READ_AT_ONCE = 100;

/** Stream messages by sequence (a sequence with no message, e.g. deleted, is skipped). */
export async function readFromStream(
  jsm: JetStreamManager,
  stream: string,
  seqs: readonly number[],
): Promise<Map<number, RawEventMessage>> {
  const found = new Map<number, RawEventMessage>();
  for (let i = 0; i < seqs.length; i += READ_AT_ONCE) {
    const stored = await Promise.all(
      seqs.slice(i, i + READ_AT_ONCE).map((seq) =>
        jsm.streams.getMessage(stream, { seq }).catch((error: Error) => {
          if (/no message found/i.test(error.message)) return undefined;
          throw error;
        }),
      ),
    );
    for (const m of stored) if (m) found.set(m.seq, fromStored(m));
  }
  return found;
}
