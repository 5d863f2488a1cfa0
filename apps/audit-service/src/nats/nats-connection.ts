import type { NatsConnection } from 'nats';

/** Injection token of the service's NATS connection (ingest, dead letters, notifications). */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

export type { NatsConnection };
