import { compileQuery, filterList } from '@authtrail/filter-list';
import { FormError, historyFilters, historyPage, hostsQuery, MAX_PAGE } from './console-queries';

describe("the console's forms in the query language", () => {
  it('makes the History filters a person fills in, each a value in a filter', () => {
    const filters = historyFilters({
      user: 'root',
      address: '10.0.0',
      kind: 'login_failed',
      host: 'truenas',
      from: '2026-01-31T12:00',
      to: '2026-02-01T00:00:30',
      text: "'); DROP TABLE entries; --",
    });
    expect(filters).toEqual([
      ['credentials_data.username', '=', 'root'],
      ['origin', 'Crin', '10.0.0'],
      ['kind', '=', 'login_failed'],
      ['host', '=', 'truenas'],
      ['occurred_at.$date', '>=', '2026-01-31T12:00:00'],
      ['occurred_at.$date', '<', '2026-02-01T00:00:30'],
      ['OR', expect.arrayContaining([['host', 'Crin', "'); DROP TABLE entries; --"]])],
    ]);
    expect(() => compileQuery(filters, {})).not.toThrow();
  });

  it('finds free text in any name, case-insensitive, as text and not as a pattern', () => {
    const rows = [
      { host: 'NAS-1', kind: 'login', origin: '10.0.0.1:22', session: { id: 's1' } },
      {
        host: 'nas-2',
        kind: 'login_failed',
        origin: '10.0.0.2:22',
        event: { error: 'Bad .* password' },
      },
    ];
    const run = (text: string) =>
      (filterList(rows, historyFilters({ text }), {}) as { host: string }[]).map((r) => r.host);
    expect(run('nas')).toEqual(['NAS-1', 'nas-2']);
    expect(run('bad .*')).toEqual(['nas-2']);
    expect(run('.*')).toEqual(['nas-2']);
    expect(run('<script>')).toEqual([]);
  });

  it('refuses a kind, a time, a sort or a page it does not know, naming the field', () => {
    expect(() => historyFilters({ kind: 'everything' })).toThrow(FormError);
    expect(() => historyFilters({ from: 'yesterday' })).toThrow('from: a UTC time like');
    expect(() => historyFilters({ to: '2026-02-30T25:00' })).toThrow('to: a UTC time like');
    expect(() => hostsQuery({ sort: 'constructor' })).toThrow('sort: one of host');
    expect(() => hostsQuery({ limit: String(MAX_PAGE + 1) })).toThrow(
      'limit: a whole number from 1',
    );
    expect(() => hostsQuery({ offset: '-1' })).toThrow('offset: a whole number');
    expect(() => historyPage({ before: '5', after: '2' })).toThrow('not both');
  });

  it('pages the history by seq both ways, one row more than shown', () => {
    expect(historyPage({ before: '100', limit: '10' })).toMatchObject({
      filters: [['seq', '<', 100]],
      options: { order_by: ['-seq'], limit: 11 },
      newerFirst: true,
    });
    expect(historyPage({ after: '0' })).toMatchObject({
      filters: [['seq', '>', 0]],
      options: { order_by: ['seq'], limit: 51 },
      newerFirst: false,
    });
  });

  it('sorts hosts by a column, then by name', () => {
    expect(hostsQuery({ sort: 'live_sessions', dir: 'desc', q: 'nas' })).toEqual({
      filters: [['host', 'Crin', 'nas']],
      options: { order_by: ['-live_sessions', 'host'], limit: 50, offset: 0 },
    });
  });
});
