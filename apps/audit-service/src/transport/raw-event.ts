/** One JetStream message handed to the ingest handler, before any parsing. */
export interface RawEventMessage {
  subject: string;
  data: Uint8Array;
  streamSeq: number;
  deliveryCount: number;
  /** When JetStream stored the message: the entry's recorded_at, the same on every replica. */
  storedAt: Date;
}

/** The pattern the transport dispatches each batch to. */
export const INGEST_BATCH_PATTERN = 'auth.events.batch';

/** The transport id of the JetStream strategy (handlers name it so the core NATS server skips them). */
export const JETSTREAM_TRANSPORT = Symbol('JETSTREAM_TRANSPORT');
