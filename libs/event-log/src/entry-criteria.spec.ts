import { entryCondition } from './entry-criteria';

describe('entryCondition', () => {
  it('reads every entry without criteria', () => {
    expect(entryCondition({})).toEqual({ sql: [], params: [] });
  });

  it('bounds seq, host and occurrence time, each only when asked', () => {
    expect(entryCondition({ fromSeq: 3, toSeq: 9, host: 'nas', occurredByMs: 1000 })).toEqual({
      sql: ['seq >= ?', 'seq <= ?', 'host = ?', 'occurred_ms <= ?'],
      params: [3, 9, 'nas', 1000],
    });
    expect(entryCondition({ toSeq: 0 })).toEqual({ sql: ['seq <= ?'], params: [0] });
  });

  it('narrows by the filters it can push down, and reads a window along seq when told', () => {
    expect(
      entryCondition({
        fromSeq: 1,
        toSeq: 1000,
        filters: [
          ['host', '=', 'nas'],
          ['event.x', '=', 1],
        ],
        bySeq: true,
      }),
    ).toEqual({
      sql: ['host = ?', 'seq >= ?', 'seq <= ?'],
      params: ['nas', 1, 1000],
      bySeq: true,
    });
  });
});
