import type { AuthEvent, LogEntry, LogEntryView } from '@authtrail/contracts';
import { toDateValue } from '@authtrail/sessions';

/** `session.id`, `origin` and `credentials_data.username` of the events that have them. */
function lifted(event: AuthEvent): Pick<LogEntryView, 'session' | 'origin' | 'credentials_data'> {
  switch (event.kind) {
    case 'login': {
      const { id, origin, credentials_data: data } = event.session;
      return {
        session: { id },
        origin,
        ...('username' in data && { credentials_data: { username: data.username } }),
      };
    }
    case 'logout':
    case 'terminate':
      return { session: { id: event.session.id } };
    case 'login_failed': {
      const data = event.credentials_data;
      return {
        origin: event.origin,
        ...('username' in data && { credentials_data: { username: data.username } }),
      };
    }
    case 'boot':
      return {};
  }
}

/** How `audit.log.query` shows an entry: contract §3 fields, `$date` times, searchable lifts. */
export function toLogEntryView(entry: LogEntry): LogEntryView {
  return {
    seq: entry.seq,
    event_id: entry.event_id,
    kind: entry.kind,
    host: entry.host,
    boot_id: entry.boot_id,
    occurred_at: toDateValue(entry.occurred_at),
    recorded_at: toDateValue(entry.recorded_at),
    ...lifted(entry.event),
    event: entry.event,
    stream_seq: entry.stream_seq,
    redacted: entry.redacted,
    hash: entry.hash,
  };
}
