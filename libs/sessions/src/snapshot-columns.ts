import type { SessionRow } from '@authtrail/contracts';
import { SessionList } from './session-list';

/**
 * Session rows in columns, as snapshots of format 3 store them: row `i` is the `i`-th value of
 * each column. A key per column rather than seven keys and two objects per row halves the text of
 * a large snapshot, and the time to parse it at start-up. `current` is not stored: a stored row is
 * never current (that is decided per caller at query time).
 */
export interface RowColumns {
  id: string[];
  internal: boolean[];
  origin: string[];
  /** The credential types of these rows, each once: rows loaded share their strings. */
  credentialTypes: string[];
  /** Each row's credentials, as its index in `credentialTypes`. */
  credentials: number[];
  credentials_data: SessionRow['credentials_data'][];
  /** Each row's created_at.$date. */
  created_at: number[];
}

/** Rows `from` to `to` (not included) of `rows`, in columns. */
export function toColumns(rows: readonly SessionRow[], from = 0, to = rows.length): RowColumns {
  const columns: RowColumns = {
    id: [],
    internal: [],
    origin: [],
    credentialTypes: [],
    credentials: [],
    credentials_data: [],
    created_at: [],
  };
  const typeIndex = new Map<string, number>();
  for (let i = from; i < Math.min(to, rows.length); i++) {
    const row = rows[i];
    let type = typeIndex.get(row.credentials);
    if (type === undefined) {
      type = columns.credentialTypes.push(row.credentials) - 1;
      typeIndex.set(row.credentials, type);
    }
    columns.id.push(row.id);
    columns.internal.push(row.internal);
    columns.origin.push(row.origin);
    columns.credentials.push(type);
    columns.credentials_data.push(row.credentials_data);
    columns.created_at.push(row.created_at.$date);
  }
  return columns;
}

/**
 * The list of the rows of `blocks`, in their order, as the rows they were (keys in the order
 * sessionRow gives them). The columns are the service's own, from a snapshot that matches its
 * log: only their lengths are checked.
 */
export function listOfColumns(blocks: readonly RowColumns[]): SessionList {
  const list = new SessionList();
  for (const block of blocks) addRows(list, block);
  return list;
}

function addRows(list: SessionList, columns: RowColumns): void {
  const { id, internal, origin, credentialTypes, credentials, credentials_data, created_at } =
    columns;
  const count = id.length;
  for (const column of [internal, origin, credentials, credentials_data, created_at]) {
    if (column.length !== count) throw new Error('snapshot row columns of different lengths');
  }
  for (let i = 0; i < count; i++) {
    list.add({
      id: id[i],
      current: false,
      internal: internal[i],
      origin: origin[i],
      credentials: credentialTypes[credentials[i]],
      credentials_data: credentials_data[i],
      created_at: { $date: created_at[i] },
    });
  }
}
