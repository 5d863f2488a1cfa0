import { h, table, utc } from '../dom.js';
import type { SessionRow } from '../types.js';

/** TrueNAS's seven columns of auth.sessions. */
const HEAD = [
  'id',
  'current',
  'internal',
  'origin',
  'credentials',
  'credentials_data',
  'created_at',
];

/** One session as a table row; credentials_data folds out. */
export function sessionRow(row: SessionRow, fresh = false): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-id': row.id, class: fresh ? 'fresh' : undefined },
    h('td', { class: 'mono' }, row.id),
    h('td', {}, String(row.current)),
    h('td', {}, String(row.internal)),
    h('td', {}, row.origin),
    h('td', {}, row.credentials),
    h(
      'td',
      {},
      h(
        'details',
        {},
        h('summary', {}, summaryOf(row.credentials_data)),
        h('pre', {}, JSON.stringify(row.credentials_data, null, 2)),
      ),
    ),
    h('td', {}, utc(row.created_at.$date)),
  );
}

function summaryOf(data: Record<string, unknown>): string {
  const user = data.username;
  return typeof user === 'string' ? `username ${user}` : `${Object.keys(data).length} keys`;
}

export function sessionTable(caption: string, rows: SessionRow[]): HTMLElement {
  return table(
    caption,
    HEAD,
    rows.map((row) => sessionRow(row)),
    'no sessions',
  );
}
