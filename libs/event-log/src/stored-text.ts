import type Database from 'better-sqlite3';
import type { LogEntry } from '@authtrail/contracts';
import { canonicalEntryText } from './entry-hash';

/** seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event, stream_seq, redacted, hash */
export type StoredRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  string,
];

/** How many rows storedRows reads at a time. */
const CHUNK = 1000;

/**
 * The entries [fromSeq, toSeq] as stored, in seq order, as StoredRow arrays, read a chunk at a
 * time: the connection stays free between chunks for the reads a check makes per entry.
 */
export function* storedRows(
  db: Database.Database,
  fromSeq: number,
  toSeq: number,
): IterableIterator<StoredRow> {
  const chunk = db
    .prepare(
      `SELECT seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event, stream_seq, redacted, hash
         FROM entries WHERE seq BETWEEN ? AND ? ORDER BY seq LIMIT ${CHUNK}`,
    )
    .raw(true);
  for (let from = fromSeq; from <= toSeq;) {
    const rows = chunk.all(from, toSeq) as StoredRow[];
    yield* rows;
    if (rows.length < CHUNK) return;
    from = rows[rows.length - 1][0] + 1;
  }
}

/**
 * A stored entry's canonical text (what its chain hash covers and its tree leaf holds), from the
 * stored texts of its event and redacted list: no JSON parsing.
 */
export function storedText(row: StoredRow): string {
  return canonicalEntryText(
    {
      seq: row[0],
      event_id: row[1],
      kind: row[2] as LogEntry['kind'],
      host: row[3],
      boot_id: row[4],
      occurred_at: row[5],
      recorded_at: row[6],
      stream_seq: row[8],
    },
    row[7],
    row[9],
  );
}
