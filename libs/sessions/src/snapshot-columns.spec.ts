import type { SessionRow } from '@authtrail/contracts';
import { listOfColumns, toColumns, type RowColumns } from './snapshot-columns';

const row = (id: string, at: number, fields: Partial<SessionRow> = {}): SessionRow => ({
  id,
  current: false,
  internal: false,
  origin: '10.0.0.1:40000',
  credentials: 'LOGIN_PASSWORD',
  credentials_data: { username: 'root' },
  created_at: { $date: at },
  ...fields,
});

/** Rows as stored: every kind of credentials_data, nulls, internal rows, ties of created_at. */
const rows: SessionRow[] = [
  row('a', 1000),
  row('b', 2000, { internal: true, credentials: 'UNIX_SOCKET', credentials_data: {} }),
  row('c', 2000, { credentials_data: { username: null, login_id: null } }),
  row('d', 3000, { origin: null as unknown as string, credentials: 'API_KEY' }),
  row('e', 4000, { credentials_data: { api_key: { id: 1, name: 'backup' }, list: [1, null] } }),
  row('f', 4000, { origin: '', credentials: 'TOKEN', credentials_data: { username: 'x' } }),
];

/** Through JSON, as a snapshot's text. */
const stored = (blocks: RowColumns[]) => JSON.parse(JSON.stringify(blocks)) as RowColumns[];

/** Each row with its keys in order (the order sessionRow gives, which replies keep). */
const withKeys = (list: Iterable<SessionRow>) => [...list].map((r) => [Object.keys(r), r]);

describe('session rows in columns', () => {
  it('restores the rows it was given, in order, with their keys in order', () => {
    const list = listOfColumns(stored([toColumns(rows)]));
    expect(withKeys(list)).toEqual(withKeys(rows));
    expect(list.size).toBe(rows.length);
    expect(list.get('d')?.origin).toBeNull();
    expect(list.get('c')?.credentials_data).toEqual({ username: null, login_id: null });
  });

  it('restores rows split in blocks as one list, and nothing from no block', () => {
    const blocks = [0, 2, 4].map((from) => toColumns(rows, from, from + 2));
    expect(blocks.map((b) => b.id)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(withKeys(listOfColumns(stored(blocks)))).toEqual(withKeys(rows));
    expect(listOfColumns([]).size).toBe(0);
    expect(withKeys(listOfColumns(stored([toColumns([])])))).toEqual([]);
  });

  it('keeps each credential type once per block, and created_at as its number', () => {
    const columns = toColumns(rows);
    expect(columns.credentialTypes).toEqual(['LOGIN_PASSWORD', 'UNIX_SOCKET', 'API_KEY', 'TOKEN']);
    expect(columns.credentials).toEqual([0, 1, 0, 2, 0, 3]);
    expect(columns.created_at).toEqual([1000, 2000, 2000, 3000, 4000, 4000]);
    expect(columns).not.toHaveProperty('current');
  });

  it('refuses columns of different lengths', () => {
    const columns = toColumns(rows);
    columns.origin.pop();
    expect(() => listOfColumns([columns])).toThrow('snapshot row columns of different lengths');
  });
});
