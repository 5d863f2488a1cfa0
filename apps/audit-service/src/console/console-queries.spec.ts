import { compileQuery, filterList } from '@authtrail/filter-list';
import {
  alertId,
  alertsQuery,
  FormError,
  historyFilters,
  historyPage,
  hostsQuery,
  MAX_PAGE,
} from './console-queries';
import { hostRows, openAlertsOf } from './host-rows';

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

  it('filters alerts by rule, host and state, newest first, ties by id', () => {
    const query = alertsQuery({ rule: 'brute_force', host: 'nas-1', state: 'open' });
    expect(query).toEqual({
      filters: [
        ['rule', '=', 'brute_force'],
        ['host', '=', 'nas-1'],
        ['closed_at', '=', null],
      ],
      options: { order_by: ['-opened_at', 'id'], limit: 50, offset: 0 },
    });
    expect(alertsQuery({ state: 'closed', sort: 'last_at', dir: 'asc' })).toEqual({
      filters: [['closed_at', '!=', null]],
      options: { order_by: ['last_at', 'id'], limit: 50, offset: 0 },
    });
    const alert = (id: string, opened: number, closed: number | null) => ({
      id,
      rule: 'brute_force',
      host: 'nas-1',
      opened_at: { $date: opened },
      closed_at: closed === null ? null : { $date: closed },
    });
    const rows = [
      alert('brute_force:2', 1000, null),
      alert('brute_force:1', 1000, 5000),
      alert('brute_force:9', 3000, null),
    ];
    const ids = (form: Record<string, string>) => {
      const { filters, options } = alertsQuery(form);
      return (filterList(rows, filters, options) as { id: string }[]).map((r) => r.id);
    };
    expect(ids({})).toEqual(['brute_force:9', 'brute_force:1', 'brute_force:2']);
    expect(ids({ state: 'open' })).toEqual(['brute_force:9', 'brute_force:2']);
    expect(ids({ state: 'closed' })).toEqual(['brute_force:1']);
    expect(ids({ rule: 'spraying' })).toEqual([]);
    expect(ids({ host: 'NAS-1' })).toEqual([]);
  });

  it('refuses an alert form or id it does not know, naming the field', () => {
    expect(() => alertsQuery({ rule: 'everything' })).toThrow(
      'rule: one of brute_force, spraying, distributed, break_in, new_origin',
    );
    expect(() => alertsQuery({ state: 'maybe' })).toThrow('state: open or closed');
    expect(() => alertsQuery({ sort: 'count' })).toThrow('sort: one of opened_at, last_at');
    expect(() => alertsQuery({ dir: 'sideways' })).toThrow('dir: asc or desc');
    expect(() => alertsQuery({ limit: '100000' })).toThrow('limit: a whole number from 1 to 500');
    expect(alertId('break_in:42')).toBe('break_in:42');
    for (const bad of ['', 'break_in', 'break_in:0', 'x:1:2', '../log/1', `a:${'9'.repeat(20)}`]) {
      expect(() => alertId(bad)).toThrow('id: an alert id like brute_force:42');
    }
  });

  it("counts each host's open alerts from the detections' map, hosts without any at 0", () => {
    const state = {
      hosts: new Map([['nas-1', { sessions: new Map(), bootId: 'b', bootStartedAt: 0 }]]),
      entryCounts: new Map([
        ['nas-1', { login: 1 }],
        ['nas-2', { login_failed: 6 }],
      ]),
      lastChangeSeqs: new Map(),
    };
    const detections = {
      hosts: new Map([
        [
          'nas-2',
          {
            open: new Map([
              ['brute_force 10.0.0.1', {}],
              ['spraying 10.0.0.1', {}],
            ]),
          },
        ],
      ]),
    };
    const rows = [...hostRows(state as never, openAlertsOf(detections))];
    expect(rows.map((r) => [r.host, r.open_alerts])).toEqual([
      ['nas-1', 0],
      ['nas-2', 2],
    ]);
  });
});
