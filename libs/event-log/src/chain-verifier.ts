import type Database from 'better-sqlite3';
import type { VerifyResult } from './event-log';
import { canonicalEntryText, chainHash, GENESIS_HASH } from './entry-hash';

/** seq, event_id, kind, host, boot_id, occurred_at, recorded_at, event, stream_seq, redacted, hash */
type StoredRow = [
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
    .raw(true)
    .iterate(start, toSeq) as IterableIterator<StoredRow>;
  let expected = start;
  let checked = 0;
  for (const row of rows) {
    const seq = row[0];
    if (seq !== expected) {
      return {
        ok: false,
        checked,
        first_bad_seq: expected,
        reason: `entry ${expected} is missing`,
      };
    }
    const text = canonicalEntryText(
      {
        seq,
        event_id: row[1],
        kind: row[2] as never,
        host: row[3],
        boot_id: row[4],
        occurred_at: row[5],
        recorded_at: row[6],
        stream_seq: row[8],
      },
      row[7],
      row[9],
    );
    if (chainHash(previous, text) !== row[10]) {
      return {
        ok: false,
        checked,
        first_bad_seq: seq,
        reason: `entry ${seq} does not match its hash`,
      };
    }
    previous = row[10];
    expected++;
    checked++;
  }
  return { ok: true, checked };
}
