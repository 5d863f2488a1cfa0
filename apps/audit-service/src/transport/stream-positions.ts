import type { JetStreamManager } from 'nats';
import { CONSUMER_NOT_FOUND, isApiError, STREAM_NOT_FOUND } from './ensure-jetstream';

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

/** The durable consumer's ack floor (stream sequence); 0 when there is no such consumer yet. */
export async function consumerAckFloor(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<number> {
  try {
    return (await jsm.consumers.info(stream, durable)).ack_floor.stream_seq;
  } catch (error) {
    if (isApiError(error, CONSUMER_NOT_FOUND)) return 0;
    throw error;
  }
}
