import type { NewLogEntry } from '@authtrail/contracts';
import { SqliteEventLog } from '@authtrail/event-log';
import { loginEvent, uuidv7 } from '@authtrail/publisher';
import { seedHistory } from '../test/harness/seed-history';

export const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';
const CREDENTIALS = ['LOGIN_PASSWORD', 'API_KEY', 'TOKEN', 'UNIX_SOCKET', 'TRUENAS_NODE'] as const;

/** The bench's login number `i` of `host` (a second apart from 2025-01-15), as published. */
export function benchLogin(i: number, host = 'bench', start = Date.parse('2025-01-15T00:00:00Z')) {
  const at = new Date(start + i * 1000);
  const credentials = CREDENTIALS[i % CREDENTIALS.length];
  return loginEvent(
    { host, bootId: BOOT, occurredAt: at, eventId: uuidv7(at.getTime()) },
    {
      sessionId: `session-${i}`,
      internal: credentials === 'UNIX_SOCKET' || credentials === 'TRUENAS_NODE',
      origin:
        credentials === 'UNIX_SOCKET'
          ? `UNIX socket (pid=${i} uid=0 gid=0)`
          : `10.0.${(i >> 8) & 255}.${i & 255}:${40000 + (i % 20000)}`,
      credentials,
      credentialsData:
        credentials === 'TRUENAS_NODE' ? {} : { username: `user${i % 97}`, login_id: `l-${i}` },
    },
  );
}

/**
 * Writes `count` logins straight into a log file, as ingest would have: all of one host, or login
 * `i` of host `host(i)` (one boot each, no logout: every session stays live).
 */
export function seedLogins(
  path: string,
  count: number,
  hostOf: string | ((i: number) => string) = 'bench',
): void {
  const log = new SqliteEventLog(path);
  const start = Date.parse('2025-01-15T00:00:00Z');
  const batch: NewLogEntry[] = [];
  const flush = () => {
    log.append(batch);
    batch.length = 0;
  };
  for (let i = 0; i < count; i++) {
    const host = typeof hostOf === 'string' ? hostOf : hostOf(i);
    const event = benchLogin(i, host, start);
    batch.push({
      event_id: event.event_id,
      kind: event.kind,
      host,
      boot_id: BOOT,
      occurred_at: event.occurred_at,
      recorded_at: event.occurred_at,
      event,
      stream_seq: i + 1,
      redacted: [],
    });
    if (batch.length === 1000) flush();
  }
  flush();
  log.close();
}

/** The hosts of the audit and upgrade scenarios' logs. */
export const AUDIT_HOSTS = 20;

/**
 * Writes a log of `count` entries of AUDIT_HOSTS hosts (with projection snapshots) before a
 * service opens it; returns its occurred_at range (ms) and how fast it was written (entries/s).
 */
export async function seedAuditLog(
  path: string,
  count: number,
): Promise<{ first: number; last: number; rate: number }> {
  const started = performance.now();
  const range = await seedHistory(path, count, AUDIT_HOSTS, 1);
  return { ...range, rate: count / ((performance.now() - started) / 1000) };
}
