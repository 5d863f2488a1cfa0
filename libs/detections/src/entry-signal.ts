import type { JsonObject, LogEntry } from '@authtrail/contracts';
import { isoTimeMs, type IsoTimeReader } from './iso-time';
import { originAddress } from './origin-address';

/** What a rule reads of an entry: a failed or a successful login, from where, as whom. */
export interface EntrySignal {
  kind: 'failure' | 'login';
  /** The origin's address; none for a UNIX socket or an origin that is not `<ip>:<port>`. */
  address?: string;
  username?: string;
}

function usernameOf(data: JsonObject): string | undefined {
  const username = data.username;
  return typeof username === 'string' ? username : undefined;
}

/**
 * Reads the signal of a `login_failed` or `login` entry into `signal` (one object the fold fills
 * for every entry); false, and `signal` left as it was, for logouts and boots.
 */
export function readEntrySignal(entry: LogEntry, signal: EntrySignal): boolean {
  const event = entry.event;
  switch (event.kind) {
    case 'login_failed':
      signal.kind = 'failure';
      signal.address = originAddress(event.origin);
      signal.username = usernameOf(event.credentials_data);
      return true;
    case 'login':
      signal.kind = 'login';
      signal.address = originAddress(event.session.origin);
      signal.username = usernameOf(event.session.credentials_data);
      return true;
    default:
      return false;
  }
}

/**
 * When an entry happened for the rules: its occurred_at, cut to its recorded_at (JetStream's
 * time) when the host's clock is ahead, so that one event from the future cannot push the
 * host's clock on and make every later entry late (the rule the sessions projection applies to
 * boots, `placementTime`). `recordedTimes` reads the recorded_at when given.
 */
export function detectionTime(
  entry: Pick<LogEntry, 'occurred_at' | 'recorded_at'>,
  recordedTimes?: IsoTimeReader,
): number {
  const recorded = recordedTimes
    ? recordedTimes.ms(entry.recorded_at)
    : isoTimeMs(entry.recorded_at);
  return Math.min(isoTimeMs(entry.occurred_at), recorded);
}
