import type { PublishReceipt } from '@authtrail/publisher';
import type { EventSpool } from './event-spool';

/** Publishes bytes with Nats-Msg-Id = eventId (EventPublisher.publishRaw, with its retries). */
export type PublishBytes = (
  subject: string,
  data: Uint8Array,
  eventId: string,
) => Promise<PublishReceipt>;

export interface SpoolReport {
  sent: number;
  /** Of those sent, how many JetStream already held (an earlier send whose removal was lost). */
  duplicates: number;
  /** Files that were no event, moved to `rejected/`, with why. */
  rejected: string[];
  /** Events still waiting. */
  left: number;
  /** Why sending stopped before the spool was empty. */
  failure?: Error;
}

/**
 * Sends the spool oldest first, one event at a time (each acknowledged before the next is sent,
 * so the stream keeps the spool's order), removing each once JetStream has it. Stops at the
 * first event it cannot send, which stays, with everything after it, for the next try; stops
 * also when `stop()` says so. A file that is no event is moved aside and named in the report.
 */
export async function sendSpool(
  spool: EventSpool,
  publish: PublishBytes,
  stop: () => boolean = () => false,
): Promise<SpoolReport> {
  const report: SpoolReport = { sent: 0, duplicates: 0, rejected: [], left: 0 };
  const entries = spool.pending();
  let index = 0;
  for (; index < entries.length && !stop(); index++) {
    const entry = entries[index];
    let event;
    try {
      event = spool.read(entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // sent by another sender
      throw error;
    }
    if ('problem' in event) {
      report.rejected.push(`${spool.reject(entry)}: ${event.problem}`);
      continue;
    }
    try {
      const receipt = await publish(event.subject, event.data, event.eventId);
      if (receipt.duplicate) report.duplicates++;
    } catch (error) {
      report.failure = error instanceof Error ? error : new Error(String(error));
      break;
    }
    spool.remove(entry);
    report.sent++;
  }
  report.left = spool.pending().length;
  return report;
}
