import { sqlPrefilter } from './sql-prefilter';
import type { EntryCondition } from './sqlite-entry-query';

/** Which entries a read wants, said by what it is for; the library writes the SQL. */
export interface EntryCriteria {
  /** The first seq wanted. */
  fromSeq?: number;
  /** The last seq wanted. */
  toSeq?: number;
  /** Only this host's entries. */
  host?: string;
  /** Only the entries that occurred at or before this time (ms since the epoch). */
  occurredByMs?: number;
  /**
   * TrueNAS filter_list filters (as validated) that the caller applies to what it reads: those on
   * indexed columns narrow the read to a superset of their matches, the others are left to it.
   */
  filters?: readonly unknown[];
  /**
   * Read along the seq order only (no other index): for a bounded seq window, so that the read
   * costs at most the window however selective the other criteria are.
   */
  bySeq?: boolean;
}

/** The WHERE clause of `criteria` over the entries table. */
export function entryCondition(criteria: EntryCriteria): EntryCondition {
  const condition = sqlPrefilter(criteria.filters);
  const add = (sql: string, param: string | number | undefined) => {
    if (param === undefined) return;
    condition.sql.push(sql);
    condition.params.push(param);
  };
  add('seq >= ?', criteria.fromSeq);
  add('seq <= ?', criteria.toSeq);
  add('host = ?', criteria.host);
  add('occurred_ms <= ?', criteria.occurredByMs);
  if (criteria.bySeq) condition.bySeq = true;
  return condition;
}
