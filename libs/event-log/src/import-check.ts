import { EVENT_KINDS, type LogEntry } from '@authtrail/contracts';
import { canonicalJson } from './canonical-json';
import { canonicalEntryText, chainHash } from './entry-hash';

/** Entries offered for import that do not continue the log; none of their batch was written. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
}

/** Where the log ends: what the next entry must follow. */
export interface ChainTail {
  seq: number;
  hash: string;
  streamSeq: number;
}

/** An entry that may follow the tail, with the canonical texts the log stores. */
export interface CheckedEntry {
  entry: LogEntry;
  eventJson: string;
  redactedJson: string;
  /** The entry's canonical text: what its hash covers and its tree leaf holds. */
  text: string;
}

const HASH = /^[0-9a-f]{64}$/;
const HEADER_FIELDS = ['event_id', 'kind', 'host', 'boot_id', 'occurred_at'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;

/** What is wrong with the shape of an entry as another log sent it; undefined when nothing. */
function shapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'is not an object';
  if (!isCount(value.seq)) return 'has no valid seq';
  if (!isCount(value.stream_seq)) return 'has no valid stream_seq';
  if (typeof value.hash !== 'string' || !HASH.test(value.hash)) return 'has no valid hash';
  for (const field of [...HEADER_FIELDS, 'recorded_at'] as const) {
    if (typeof value[field] !== 'string') return `has no ${field} text`;
  }
  if (!(EVENT_KINDS as readonly unknown[]).includes(value.kind)) return 'has an unknown kind';
  if (Number.isNaN(Date.parse(value.occurred_at as string))) return 'has an unreadable occurred_at';
  const redacted = value.redacted;
  if (!Array.isArray(redacted) || !redacted.every((path) => typeof path === 'string')) {
    return 'has no list of redacted paths';
  }
  const event = value.event;
  if (!isRecord(event)) return 'has no event object';
  for (const field of HEADER_FIELDS) {
    if (event[field] !== value[field]) return `disagrees with its event on ${field}`;
  }
  if (
    (value.kind === 'login' || value.kind === 'logout' || value.kind === 'terminate') &&
    !isRecord(event.session)
  ) {
    return 'has a session event without a session';
  }
  if (
    value.kind === 'login' &&
    !isRecord((event.session as Record<string, unknown>).credentials_data)
  )
    return 'has a login without credentials_data';
  if (value.kind === 'login_failed' && !isRecord(event.credentials_data)) {
    return 'has a failed login without credentials_data';
  }
  return undefined;
}

/**
 * Checks that `candidate` (an entry as stored by another log, e.g. read from `audit.replay`) can
 * follow `tail` verbatim: a well-formed entry, the next seq, a later stream sequence (the log is
 * in stream order), and a hash that follows from the tail's hash over the entry's canonical JSON.
 * Returns the canonical texts to store, or why it cannot follow. Pure.
 */
export function checkImportedEntry(
  candidate: unknown,
  tail: ChainTail,
): { ok: true; checked: CheckedEntry } | { ok: false; reason: string } {
  const problem = shapeProblem(candidate);
  if (problem) return { ok: false, reason: `the entry after seq ${tail.seq} ${problem}` };
  const entry = candidate as LogEntry;
  if (entry.seq !== tail.seq + 1) {
    return { ok: false, reason: `entry ${entry.seq} came where entry ${tail.seq + 1} belongs` };
  }
  if (entry.stream_seq <= tail.streamSeq) {
    return {
      ok: false,
      reason: `entry ${entry.seq} has stream_seq ${entry.stream_seq}, not after ${tail.streamSeq}`,
    };
  }
  const eventJson = canonicalJson(entry.event);
  const redactedJson = canonicalJson(entry.redacted);
  const text = canonicalEntryText(entry, eventJson, redactedJson);
  if (chainHash(tail.hash, text) !== entry.hash) {
    return {
      ok: false,
      reason: `entry ${entry.seq} does not match its hash or does not follow entry ${tail.seq}`,
    };
  }
  return { ok: true, checked: { entry, eventJson, redactedJson, text } };
}
