import type Database from 'better-sqlite3';
import { LogSchemaError } from './log-schema-error';
import { SqliteTree, TREE_SCHEMA } from './sqlite-tree';
import { storedRows, storedText } from './stored-text';

/** How far an upgrade has come: `done` of `total` entries. */
export type UpgradeProgress = (done: number, total: number) => void;

/** How many entries pass between two progress calls. */
const PROGRESS_EVERY = 100_000;

/**
 * Gives a log written before the tree its Merkle tree: the table, then every entry's hashes in
 * seq order (inside the migration's transaction: all or nothing). A log with a missing entry
 * cannot have an honest tree and is refused, untouched.
 */
export function addTree(db: Database.Database, progress?: UpgradeProgress): void {
  db.exec(TREE_SCHEMA);
  const tree = new SqliteTree(db);
  const total = (db.prepare(`SELECT count(*) FROM entries`).pluck().get() as number) ?? 0;
  let expected = 1;
  for (const row of storedRows(db, 1, Number.MAX_SAFE_INTEGER)) {
    if (row[0] !== expected) {
      throw new LogSchemaError(
        `the log has no entry ${expected}, so its Merkle tree cannot be built; ` +
          `check it with "authtrail audit verify" and restore it from a backup`,
      );
    }
    tree.append(row[0], storedText(row));
    if (expected % PROGRESS_EVERY === 0) progress?.(expected, total);
    expected++;
  }
  tree.flush();
  if (total >= PROGRESS_EVERY && total % PROGRESS_EVERY !== 0) progress?.(total, total);
}
