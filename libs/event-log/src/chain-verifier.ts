import type Database from 'better-sqlite3';
import type { VerifyResult } from './event-log';
import { canonicalEntryText, chainHash, GENESIS_HASH } from './entry-hash';

interface StoredRow {
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

/**
 * Walks the chain from `fromSeq` to `toSeq` over the stored texts: a gap in seq is a deletion,
 * a hash that does not follow from its predecessor is an edit or an insertion. The check starts
 * from the stored hash of entry fromSeq - 1.
 */
export function verifyChain(
  db: Database.Database,
  fromSeq = 1,
  toSeq = Number.MAX_SAFE_INTEGER,
): VerifyResult {
  const start = Math.max(1, fromSeq);
  let previous = GENESIS_HASH;
  if (start > 1) {
    const before = db
      .prepare(`SELECT seq, hash FROM entries WHERE seq < ? ORDER BY seq DESC LIMIT 1`)
      .get(start) as { seq: number; hash: string } | undefined;
    if (!before || before.seq !== start - 1) {
      return {
        ok: false,
        checked: 0,
        first_bad_seq: start - 1,
        reason: `entry ${start - 1} is missing`,
      };
    }
    previous = before.hash;
  }
  const rows = db
    .prepare(
      `SELECT seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event, stream_seq, redacted, hash
       FROM entries WHERE seq BETWEEN ? AND ? ORDER BY seq`,
    )
    .raw(false)
    .iterate(start, toSeq) as IterableIterator<StoredRow>;
  let expected = start;
  let checked = 0;
  for (const row of rows) {
    if (row.seq !== expected) {
      return {
        ok: false,
        checked,
        first_bad_seq: expected,
        reason: `entry ${expected} is missing`,
      };
    }
    const text = canonicalEntryText(
      {
        seq: row.seq,
        event_id: row.event_id,
        kind: row.kind as never,
        host: row.host,
        boot_id: row.boot_id,
        occurred_at: row.occurred_at,
        recorded_at: row.recorded_at,
        stream_seq: row.stream_seq,
      },
      row.event,
      row.redacted,
    );
    if (chainHash(previous, text) !== row.hash) {
      return {
        ok: false,
        checked,
        first_bad_seq: row.seq,
        reason: `entry ${row.seq} does not match its hash`,
      };
    }
    previous = row.hash;
    expected++;
    checked++;
  }
  return { ok: true, checked };
}
