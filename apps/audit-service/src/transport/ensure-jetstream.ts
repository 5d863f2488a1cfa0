import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
} from 'nats';

export const STREAM_NOT_FOUND = 10059;
export const CONSUMER_NOT_FOUND = 10014;

/** Whether `error` is the JetStream API error `code`. */
export function isApiError(error: unknown, code: number): boolean {
  return error instanceof NatsError && error.jsError()?.err_code === code;
}

/** How long JetStream drops a re-published Nats-Msg-Id; the log's unique event_id covers the rest. */
export const DUPLICATE_WINDOW_MS = 5 * 60_000;

/**
 * Creates the stream (on `replicas` servers of a cluster) if it is missing; an existing stream is
 * left as it is, so its operator's limits and replicas stand. Returns true if created.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
  replicas = 1,
): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return false;
  } catch (error) {
    if (!isApiError(error, STREAM_NOT_FOUND)) throw error;
  }
  await jsm.streams.add({
    name,
    subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    num_replicas: replicas,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    deny_delete: true,
    deny_purge: true,
  });
  return true;
}

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Unacknowledged messages the server lets out at once. */
  maxAckPending: number;
  ackWaitMs: number;
  /**
   * The last stream sequence the log already holds: a new consumer starts after it instead of
   * delivering the whole stream again (0: from the stream's first message).
   */
  startAfterStreamSeq: number;
}

/** Creates the durable pull consumer if it is missing; an existing one is left as it is. */
export async function ensureDurableConsumer(
  jsm: JetStreamManager,
  spec: DurableConsumerSpec,
): Promise<boolean> {
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
    return false;
  } catch (error) {
    if (!isApiError(error, CONSUMER_NOT_FOUND)) throw error;
  }
  await jsm.consumers.add(spec.stream, {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    ...(spec.startAfterStreamSeq > 0
      ? {
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: spec.startAfterStreamSeq + 1,
        }
      : { deliver_policy: DeliverPolicy.All }),
    filter_subject: spec.filterSubject,
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: spec.maxAckPending,
    max_deliver: -1,
  });
  return true;
}
