import { sqlPrefilter } from './sql-prefilter';

describe('sqlPrefilter', () => {
  it('pushes down top-level equality, IN and ranges on indexed columns', () => {
    expect(
      sqlPrefilter([
        ['host', '=', 'nas'],
        ['kind', 'in', ['login', 'logout']],
        ['seq', '>=', 10],
        ['session.id', '=', 's1'],
        ['credentials_data.username', '=', 'root'],
      ]),
    ).toEqual({
      sql: ['host = ?', 'kind IN (?, ?)', 'seq >= ?', 'session_id = ?', 'username = ?'],
      params: ['nas', 'login', 'logout', 10, 's1', 'root'],
    });
  });

  it('widens whole-second time filters so the SQL never drops a match', () => {
    const start = Date.parse('2025-01-15T09:30:00Z');
    expect(sqlPrefilter([['occurred_at.$date', '>=', '2025-01-15T09:30:00']])).toEqual({
      sql: ['occurred_ms >= ?'],
      params: [start - 1000],
    });
    expect(sqlPrefilter([['occurred_at.$date', '<', '2025-01-15T09:30:00']])).toEqual({
      sql: ['occurred_ms < ?'],
      params: [start + 1000],
    });
  });

  it('leaves alone what it cannot narrow safely', () => {
    const none = { sql: [], params: [] };
    expect(
      sqlPrefilter([
        [
          'OR',
          [
            ['host', '=', 'a'],
            ['host', '=', 'b'],
          ],
        ],
      ]),
    ).toEqual(none);
    expect(sqlPrefilter([['host', '!=', 'a']])).toEqual(none);
    expect(sqlPrefilter([['host', '=', 1]])).toEqual(none);
    expect(sqlPrefilter([['seq', '>', '3']])).toEqual(none);
    expect(sqlPrefilter([['occurred_at.$date', '>', '2025-01-15T09:30:00Z']])).toEqual(none);
    expect(sqlPrefilter([['kind', 'in', []]])).toEqual(none);
    expect(sqlPrefilter('nonsense')).toEqual(none);
  });
});
