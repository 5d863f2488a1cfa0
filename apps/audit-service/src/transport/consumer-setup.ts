import type { Logger } from '@nestjs/common';
import type { JetStreamManager } from 'nats';
import { DEADLETTER_STREAM, DEADLETTER_WILDCARD, EVENTS_WILDCARD } from '@authtrail/contracts';
import { ensureDurableConsumer, ensureStream } from './ensure-jetstream';
import { missingHistory } from './resume-point';
import { streamFirstSeq } from './stream-positions';

const ACK_WAIT_MS = 10_000;

export interface ConsumerSetup {
  stream: string;
  durable: string;
  batchSize: number;
  /** Servers that hold each stream it creates (a cluster's replication factor). */
  streamReplicas: number;
  /**
   * The highest stream sequence the handler has durably handled (the log's ingest position,
   * committed with each batch). Ingest resumes after it, whatever the durable consumer says it
   * delivered or acknowledged: a log restored from a backup ends before those.
   */
  resumeAfter: () => number;
}

/** Where ingest starts. */
export interface ConsumerStart {
  /** The first stream sequence to hand on. */
  next: number;
  /** The last sequence the consumer delivered before this run: up to it, read from the stream. */
  catchUpTo: number;
}

/**
 * Creates the event and dead-letter streams and the durable consumer when missing, and says
 * where ingest starts: after the log's position, whatever the consumer delivered or had
 * acknowledged.
 */
export async function setUpConsumer(
  jsm: JetStreamManager,
  setup: ConsumerSetup,
  logger: Logger,
): Promise<ConsumerStart> {
  const { stream, durable, batchSize, streamReplicas } = setup;
  if (await ensureStream(jsm, stream, [EVENTS_WILDCARD], streamReplicas))
    logger.log(`created stream ${stream}`);
  if (await ensureStream(jsm, DEADLETTER_STREAM, [DEADLETTER_WILDCARD], streamReplicas)) {
    logger.log(`created stream ${DEADLETTER_STREAM}`);
  }
  const handled = setup.resumeAfter();
  const created = await ensureDurableConsumer(jsm, {
    stream,
    durable,
    filterSubject: EVENTS_WILDCARD,
    maxAckPending: batchSize * 20,
    ackWaitMs: ACK_WAIT_MS,
    startAfterStreamSeq: handled,
  });
  if (created) {
    const from = handled > 0 ? `from stream seq ${handled + 1}` : 'from the start';
    logger.log(`created durable consumer ${durable} on ${stream}, ${from}`);
  }
  const info = await jsm.consumers.info(stream, durable);
  const next = await firstToRead(jsm, stream, handled + 1, logger);
  // Everything the consumer delivered beyond the log's position: left unacknowledged by a
  // crash, or acknowledged long ago by a run whose log was then restored from a backup. The
  // consumer does not deliver those again (not soon, or never), so the catch-up reads them.
  return { next, catchUpTo: info.delivered.stream_seq };
}

/**
 * The first sequence to hand on: `next`, unless the stream's limits have dropped messages from
 * there (a log that took its history from a peer, or fell behind the limits): those cannot be
 * read, and the gap-fill would ask for each in vain.
 */
async function firstToRead(
  jsm: JetStreamManager,
  stream: string,
  next: number,
  logger: Logger,
): Promise<number> {
  const first = (await streamFirstSeq(jsm, stream)) ?? 0;
  const gone = missingHistory(next - 1, first);
  if (!gone) return next;
  logger.warn(
    `stream seqs ${gone.from}-${gone.to} are no longer in ${stream} and not in the log; continuing from ${first}`,
  );
  return first;
}
