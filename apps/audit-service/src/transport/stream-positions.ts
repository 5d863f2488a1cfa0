import type { JetStreamManager } from 'nats';
import { isApiError, STREAM_NOT_FOUND } from './ensure-jetstream';

/** The first sequence the stream still holds (0 if it never held one); undefined if no stream. */
export async function streamFirstSeq(
  jsm: JetStreamManager,
  stream: string,
): Promise<number | undefined> {
  try {
    return (await jsm.streams.info(stream)).state.first_seq;
  } catch (error) {
    if (isApiError(error, STREAM_NOT_FOUND)) return undefined;
    throw error;
  }
}
