import type Database from 'better-sqlite3';
import type { AuthEvent, EventKind, LogEntry } from '@authtrail/contracts';
import { GENESIS_HASH } from './entry-hash';

export interface EntryRow {
  seq: number;
  event_id: string;
  kind: string;
  host: string;
  boot_id: string;
  occurred_at: string;
  recorded_at: string;
  event: string;
  stream_seq: number;
  redacted: string;
  hash: string;
}

/** Maps a stored row back to an entry. */
export function rowToEntry(row: EntryRow): LogEntry {
  return {
    seq: row.seq,
    event_id: row.event_id,
    kind: row.kind as EventKind,
    host: row.host,
    boot_id: row.boot_id,
    occurred_at: row.occurred_at,
    recorded_at: row.recorded_at,
    event: JSON.parse(row.event) as AuthEvent,
    stream_seq: row.stream_seq,
    redacted: JSON.parse(row.redacted) as string[],
    hash: row.hash,
  };
}

/**
 * A WHERE clause over the entries table, with its positional parameters. Written only inside
 * this library (entryCondition): callers say what they want with EntryCriteria.
 */
export interface EntryCondition {
  sql: string[];
  params: (string | number)[];
  /**
   * Read along the seq order only (no other index): for a bounded seq window, so that the read
   * costs at most the window however selective the other conditions are.
   */
  bySeq?: boolean;
}

const from = (condition: EntryCondition) => (condition.bySeq ? 'entries NOT INDEXED' : 'entries');

const ENTRY_COLUMNS =
  'seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event, stream_seq, redacted, hash';

/**
 * Entries matching every condition, read lazily in seq order (or reversed). The statement is
 * prepared per call: conditions vary with each query.
 */
export function* selectEntries(
  db: Database.Database,
  condition: EntryCondition,
  descending = false,
): Generator<LogEntry> {
  const where = condition.sql.length > 0 ? `WHERE ${condition.sql.join(' AND ')}` : '';
  const statement = db.prepare(
    `SELECT ${ENTRY_COLUMNS} FROM ${from(condition)} ${where} ORDER BY seq ${descending ? 'DESC' : 'ASC'}`,
  );
  for (const row of statement.iterate(...condition.params)) {
    yield rowToEntry(row as EntryRow);
  }
}

/**
 * Entries matching every condition as JSON texts, in seq order: contract §3 key order, the event
 * and redacted list spliced in from their stored canonical texts (no parse, no re-serialisation).
 */
export function* selectEntryJson(
  db: Database.Database,
  condition: EntryCondition,
): Generator<string> {
  const where = condition.sql.length > 0 ? `WHERE ${condition.sql.join(' AND ')}` : '';
  const statement = db
    .prepare(`SELECT ${ENTRY_COLUMNS} FROM ${from(condition)} ${where} ORDER BY seq`)
    .raw(true);
  const str = JSON.stringify;
  for (const row of statement.iterate(...condition.params) as IterableIterator<unknown[]>) {
    const [
      seq,
      eventId,
      kind,
      host,
      bootId,
      occurredAt,
      recordedAt,
      event,
      streamSeq,
      redacted,
      hash,
    ] = row;
    yield (
      `{"seq":${seq as number},"event_id":${str(eventId)},"kind":${str(kind)},"host":${str(host)}` +
      `,"boot_id":${str(bootId)},"occurred_at":${str(occurredAt)},"recorded_at":${str(recordedAt)}` +
      `,"event":${event as string},"stream_seq":${streamSeq as number},"redacted":${redacted as string}` +
      `,"hash":${str(hash)}}`
    );
  }
}

/** One prepared statement per connection: time travel asks for a hash on every request. */
const hashStatements = new WeakMap<Database.Database, Database.Statement>();

/** The hash of entry `seq` (the genesis hash for 0), undefined when there is none. */
export function entryHashAt(db: Database.Database, seq: number): string | undefined {
  if (seq === 0) return GENESIS_HASH;
  let statement = hashStatements.get(db);
  if (!statement)
    hashStatements.set(db, (statement = db.prepare(`SELECT hash FROM entries WHERE seq = ?`)));
  const row = statement.get(seq) as { hash: string } | undefined;
  return row?.hash;
}

/** A host's newest entry, as the Hosts page of the console shows it. */
export interface HostLastEntry {
  host: string;
  seq: number;
  kind: string;
  occurred_at: string;
}

/** A host's newest entry by occurred time, then seq: the (host, occurred_ms) index in order. */
export const LAST_ENTRY_OF_HOST = `SELECT host, seq, kind, occurred_at FROM entries INDEXED BY entries_host_time
   WHERE host = ? ORDER BY occurred_ms DESC, seq DESC LIMIT 1`;

const lastEntryStatements = new WeakMap<Database.Database, Database.Statement>();

/**
 * Each host's newest entry by occurred time (then seq), undefined for a host without entries:
 * one probe of the (host, occurred_ms) index per host, whatever its number of entries.
 */
export function lastEntriesOf(
  db: Database.Database,
  hosts: readonly string[],
): (HostLastEntry | undefined)[] {
  let statement = lastEntryStatements.get(db);
  if (!statement) {
    statement = db.prepare(LAST_ENTRY_OF_HOST);
    lastEntryStatements.set(db, statement);
  }
  const last = statement;
  return hosts.map((host) => last.get(host) as HostLastEntry | undefined);
}
