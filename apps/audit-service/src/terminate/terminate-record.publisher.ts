import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { eventSubject } from '@authtrail/contracts';
import { encodeValidEvent, EventPublisher, terminateEvent } from '@authtrail/publisher';
import { NATS_CONNECTION } from '../nats/nats-connection';
import type { SessionOutcome } from './command-outcome';
import type { Requester } from './terminate-requests';

/** One request to end a session, and what came of it. */
export interface TerminateRecord extends Requester {
  host: string;
  bootId: string;
  sessionId: string;
  requestId: string;
  result: SessionOutcome;
}

/** How long the service tries to get a record into the stream (retries included). */
const RECORD_DEADLINE_MS = 5_000;

/**
 * Publishes the `terminate` record of a request (docs/contract-notes.md) to
 * `auth.events.<host>.terminate`, checked by the rules ingest applies, with Nats-Msg-Id = its
 * event id; resolves with its stream sequence. It reaches the log like any event.
 */
@Injectable()
export class TerminateRecordPublisher {
  private readonly publisher: EventPublisher;

  constructor(@Inject(NATS_CONNECTION) connection: NatsConnection) {
    this.publisher = new EventPublisher(connection, { deadlineMs: RECORD_DEADLINE_MS });
  }

  async publish(record: TerminateRecord): Promise<number> {
    const { result } = record;
    const event = terminateEvent(
      { host: record.host, bootId: record.bootId },
      {
        sessionId: record.sessionId,
        requestId: record.requestId,
        requestedBy: record.requestedBy ?? null,
        callerSessionId: record.callerSessionId ?? null,
        outcome: result.outcome,
        error: 'error' in result ? result.error : null,
      },
    );
    const data = encodeValidEvent(event);
    const receipt = await this.publisher.publishRaw(
      eventSubject(event.host, event.kind),
      data,
      event.event_id,
    );
    return receipt.seq;
  }
}
