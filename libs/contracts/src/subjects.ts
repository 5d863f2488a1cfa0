/** Every NATS subject and stream name of the external contract (contract §2, §5). */
export const STREAM_DEFAULT = 'AUTH_EVENTS';
export const DEADLETTER_STREAM = 'AUTH_DEADLETTER';
export const CONSUMER_DEFAULT = 'authtrail';
export const QUEUE_GROUP = 'authtrail';

export const EVENTS_SUBJECT_PREFIX = 'auth.events';
export const EVENTS_WILDCARD = 'auth.events.>';
export const DEADLETTER_PREFIX = 'auth.deadletter';
export const DEADLETTER_WILDCARD = 'auth.deadletter.>';

export const Subjects = {
  sessions: 'auth.sessions',
  sessionsField: 'auth.sessions.*',
  logQuery: 'audit.log.query',
  logVerify: 'audit.log.verify',
  sessionsAt: 'audit.sessions.at',
  replay: 'audit.replay',
  stats: 'audit.stats',
  appendedPrefix: 'audit.log.appended',
  checkpoint: 'audit.checkpoint',
  inclusionProof: 'audit.proof.inclusion',
  consistencyProof: 'audit.proof.consistency',
  terminateSession: 'auth.terminate_session',
  terminateOtherSessions: 'auth.terminate_other_sessions',
  alerts: 'audit.alerts',
  alertsAt: 'audit.alerts.at',
  alertPrefix: 'audit.alert',
} as const;

/** `auth.events.<host>.<kind>` */
export function eventSubject(host: string, kind: string): string {
  return `${EVENTS_SUBJECT_PREFIX}.${host}.${kind}`;
}

/** `auth.deadletter.<host or _>` */
export function deadLetterSubject(host: string | undefined): string {
  return `${DEADLETTER_PREFIX}.${host ?? '_'}`;
}

/** `auth.sessions.<field>` for one of the seven row fields. */
export function sessionsFieldSubject<F extends string>(
  field: F,
): `${typeof Subjects.sessions}.${F}` {
  return `${Subjects.sessions}.${field}`;
}

/** Splits `auth.events.<host>.<kind>`; undefined when the subject has another shape. */
export function parseEventSubject(subject: string): { host: string; kind: string } | undefined {
  const parts = subject.split('.');
  if (parts.length !== 4 || parts[0] !== 'auth' || parts[1] !== 'events') return undefined;
  return { host: parts[2], kind: parts[3] };
}

/** `audit.log.appended.<host>.<kind>`: each committed entry, published after the commit. */
export function appendedSubject(host: string, kind: string): string {
  return `${Subjects.appendedPrefix}.${host}.${kind}`;
}

export const APPENDED_WILDCARD = `${Subjects.appendedPrefix}.>`;

/**
 * `auth.sessions.changed.<host>`: each change of a host's sessions, published after the commit.
 * Four tokens, so the service's own `auth.sessions.*` (one field) never receives it.
 */
export const SESSIONS_CHANGED_PREFIX = `${Subjects.sessions}.changed`;
export const SESSIONS_CHANGED_WILDCARD = `${SESSIONS_CHANGED_PREFIX}.>`;

export function sessionsChangedSubject(host: string): string {
  return `${SESSIONS_CHANGED_PREFIX}.${host}`;
}

/** `audit.alert.<rule>.<host>`: each alert opened or closed, published after its entries' commit. */
export function alertSubject(rule: string, host: string): string {
  return `${Subjects.alertPrefix}.${rule}.${host}`;
}

export const ALERTS_WILDCARD = `${Subjects.alertPrefix}.>`;
