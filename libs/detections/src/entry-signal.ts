import type { JsonObject, LogEntry } from '@authtrail/contracts';
import { isoTimeMs } from './iso-time';
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

/** The signal of a `login_failed` or `login` entry; undefined for logouts and boots. */
export function entrySignal(entry: LogEntry): EntrySignal | undefined {
  const event = entry.event;
  switch (event.kind) {
    case 'login_failed':
      return {
        kind: 'failure',
        address: originAddress(event.origin),
        username: usernameOf(event.credentials_data),
      };
    case 'login':
      return {
        kind: 'login',
        address: originAddress(event.session.origin),
        username: usernameOf(event.session.credentials_data),
      };
    default:
      return undefined;
  }
}

/**
 * When an entry happened for the rules: its occurred_at, cut to its recorded_at (JetStream's
 * time) when the host's clock is ahead, so that one event from the future cannot push the
 * host's clock on and make every later entry late (the rule the sessions projection applies to
 * boots, `placementTime`).
 */
export function detectionTime(entry: Pick<LogEntry, 'occurred_at' | 'recorded_at'>): number {
  return Math.min(isoTimeMs(entry.occurred_at), isoTimeMs(entry.recorded_at));
}
