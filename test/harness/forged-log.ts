import Database from 'better-sqlite3';
import { SqliteEventLog } from '@authtrail/event-log';
import { MemoryHashStore, storedHashCount, treeHash } from '@authtrail/merkle';

/** The root of the tree of `size` a log file's stored hashes give (read-only, beside its writer). */
export function rootInFile(path: string, size: number): string {
  const log = new SqliteEventLog(path, { readonly: true });
  try {
    return Buffer.from(treeHash(size, log.treeReader())).toString('base64');
  } finally {
    log.close();
  }
}

/**
 * Changes entry `seq` of the log file `path` (its recorded_at) and rewrites the tree's hashes from
 * that entry on to follow from the changed text, past the append-only triggers, as someone with
 * write access to the file would: the file's tree then agrees with its entries, and the root of
 * every size from `seq` on differs from what was signed. The chain hashes are left as they were.
 * Works beside a running service (SQLite's locks order the writes).
 */
export function forgeEntryAndTree(path: string, seq: number): void {
  const db = new Database(path, { timeout: 10_000 });
  try {
    const triggers = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('entries', 'tree_hashes')`,
      )
      .pluck()
      .all() as string[];
    for (const name of triggers) db.exec(`DROP TRIGGER "${name}"`);
    db.prepare(`UPDATE entries SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE seq = ?`).run(
      seq,
    );
    const store = new MemoryHashStore();
    const rows: Buffer[] = [];
    const log = new SqliteEventLog(path, { readonly: true });
    try {
      for (let n = 1; n <= log.lastSeq(); n++) {
        const before = store.hashCount;
        store.append(log.leafText(n)!);
        const indexes = Array.from({ length: storedHashCount(n) - before }, (_, i) => before + i);
        rows.push(Buffer.concat(store.read(indexes)));
      }
    } finally {
      log.close();
    }
    const insert = db.prepare('INSERT INTO tree_hashes (seq, hashes) VALUES (?, ?)');
    db.transaction(() => {
      db.prepare('DELETE FROM tree_hashes WHERE seq >= ?').run(seq);
      for (let n = seq; n <= rows.length; n++) insert.run(n, rows[n - 1]);
    })();
  } finally {
    db.close();
  }
}
