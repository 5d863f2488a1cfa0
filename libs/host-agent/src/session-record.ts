import { createHash } from 'node:crypto';

/**
 * What `authtrail pam` keeps of an open PAM session, from open_session to close_session: the id
 * it published, and the process that holds the session (the caller of pam_exec), so that
 * close_session finds the id again and a terminate command finds the process.
 */
export interface SessionRecord {
  session_id: string;
  /** The PAM-calling process (sshd's per-connection monitor, login, ...). */
  pid: number;
  /** Its start time (clock ticks after boot, /proc/<pid>/stat): tells it from a reused pid. */
  pid_start: string;
  boot_id: string;
  service: string;
  user: string;
  tty?: string;
  opened_at: string;
  /** Set by a terminate command before it signals the process: close_session then logs nothing. */
  terminating?: boolean;
}

/** Who calls PAM, and for which service, user and terminal: the same at open and close. */
export interface SessionKeyParts {
  pid: number;
  pidStart: string;
  service: string;
  user: string;
  tty?: string;
}

/** The record's file name: a digest, so that no user or tty text reaches a path. */
export function sessionKey(parts: SessionKeyParts): string {
  const text = JSON.stringify([parts.pid, parts.pidStart, parts.service, parts.user, parts.tty]);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** A record read back, or undefined when the text is not one (a damaged file is no session). */
export function parseSessionRecord(text: string): SessionRecord | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    !isString(value.session_id) ||
    !Number.isSafeInteger(value.pid) ||
    (value.pid as number) < 1 ||
    !isString(value.pid_start) ||
    !isString(value.boot_id) ||
    !isString(value.service) ||
    !isString(value.user) ||
    !isString(value.opened_at)
  ) {
    return undefined;
  }
  return value as unknown as SessionRecord;
}
