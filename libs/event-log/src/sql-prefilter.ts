import type { EntryCondition } from './sqlite-entry-query';

type Scalar = string | number;

const COLUMN_OF: Record<string, { column: string; type: 'string' | 'number' }> = {
  seq: { column: 'seq', type: 'number' },
  stream_seq: { column: 'stream_seq', type: 'number' },
  event_id: { column: 'event_id', type: 'string' },
  kind: { column: 'kind', type: 'string' },
  host: { column: 'host', type: 'string' },
  boot_id: { column: 'boot_id', type: 'string' },
  'session.id': { column: 'session_id', type: 'string' },
  'credentials_data.username': { column: 'username', type: 'string' },
  origin: { column: 'origin', type: 'string' },
};

const RANGE_OPS = new Set(['>', '>=', '<', '<=']);
const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

function isLeaf(filter: unknown): filter is [string, string, unknown] {
  return (
    Array.isArray(filter) &&
    filter.length === 3 &&
    typeof filter[0] === 'string' &&
    typeof filter[1] === 'string'
  );
}

function scalarsOf(value: unknown, type: 'string' | 'number'): Scalar[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > 500) return undefined;
  return value.every((v) => typeof v === type) ? (value as Scalar[]) : undefined;
}

/** The SQL that narrows `occurred_at.$date <op> <naive ISO>` to a superset (whole-second $date). */
function timeCondition(op: string, value: unknown): [string, number] | undefined {
  if (typeof value !== 'string' || !NAIVE_ISO.test(value) || !RANGE_OPS.has(op)) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) return undefined;
  return op.startsWith('>') ? ['occurred_ms >= ?', ms - 1000] : ['occurred_ms < ?', ms + 1000];
}

/**
 * SQL conditions implied by the top-level AND leaves of `filters` on indexed columns. They select a
 * superset of the matching entries; the query engine then applies the filters exactly, so a
 * filter this does not understand is simply not pushed down.
 */
export function sqlPrefilter(filters: unknown): EntryCondition {
  const condition: EntryCondition = { sql: [], params: [] };
  if (!Array.isArray(filters)) return condition;
  for (const filter of filters) {
    if (!isLeaf(filter)) continue;
    const [field, op, value] = filter;
    if (field === 'occurred_at.$date') {
      const time = timeCondition(op, value);
      if (time) {
        condition.sql.push(time[0]);
        condition.params.push(time[1]);
      }
      continue;
    }
    const target = COLUMN_OF[field];
    if (!target) continue;
    if (op === '=' && typeof value === target.type) {
      condition.sql.push(`${target.column} = ?`);
      condition.params.push(value as Scalar);
    } else if (op === 'in') {
      const values = scalarsOf(value, target.type);
      if (!values) continue;
      condition.sql.push(`${target.column} IN (${values.map(() => '?').join(', ')})`);
      condition.params.push(...values);
    } else if (RANGE_OPS.has(op) && target.type === 'number' && typeof value === 'number') {
      condition.sql.push(`${target.column} ${op} ?`);
      condition.params.push(value);
    }
  }
  return condition;
}
