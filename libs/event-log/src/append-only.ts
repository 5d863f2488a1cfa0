/**
 * The triggers that make `table` append-only: an UPDATE or DELETE of any row aborts its
 * statement. (The log's own tables; someone who can write the file can drop them, which is what
 * the tree and the signed checkpoints are there to find.)
 */
export function appendOnlyTriggers(table: string, prefix = table): string {
  return ['UPDATE', 'DELETE']
    .map(
      (what) =>
        `CREATE TRIGGER ${prefix}_append_only_${what.toLowerCase()} BEFORE ${what} ON ${table}
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
    )
    .join('\n   ');
}
