import type Database from 'better-sqlite3';
import type { LogEntry } from '@authtrail/contracts';
import { rowToEntry, type EntryRow } from './sqlite-event-log';

/** A WHERE clause over the entries table, with its positional parameters. */
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
