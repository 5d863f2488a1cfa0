import type Database from 'better-sqlite3';
import type { VerifyResult } from './event-log';
import { chainHash, GENESIS_HASH } from './entry-hash';
import { storedRows, storedText } from './stored-text';
import { SqliteTree } from './sqlite-tree';

/**
 * Walks the chain from `fromSeq` to `toSeq` over the stored texts: a gap in seq is a deletion,
 * a hash that does not follow from its predecessor is an edit or an insertion. The check starts
 * from the stored hash of entry fromSeq - 1. In a log with a Merkle tree (schema 5), each entry's
 * stored tree hashes must also be the ones its text and the stored hashes before it give, so an
 * entry edited without its tree, or a tree edited without its entries, is found too.
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
  const tree = SqliteTree.of(db);
  const rows = storedRows(db, start, toSeq);
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
    const text = storedText(row);
    if (chainHash(previous, text) !== row[10]) {
      return {
        ok: false,
        checked,
        first_bad_seq: seq,
        reason: `entry ${seq} does not match its hash`,
      };
    }
    const treeProblem = tree?.problemAt(seq, text);
    if (treeProblem !== undefined) {
      return { ok: false, checked, first_bad_seq: seq, reason: treeProblem };
    }
    previous = row[10];
    expected++;
    checked++;
  }
  return { ok: true, checked };
}
