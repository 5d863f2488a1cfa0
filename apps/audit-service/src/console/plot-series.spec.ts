import { addressOf, HOUR_MS, plotSeries, TOP_ADDRESSES } from './plot-series';

describe('the plots', () => {
  const from = Date.UTC(2026, 0, 1);
  const at = (hour: number, kind: string, origin?: string) => ({
    kind,
    occurred_at: { $date: from + hour * HOUR_MS + 1_000 },
    ...(origin && { origin }),
  });

  it('counts logins and failures per hour, leaving out what is outside the hours', () => {
    const series = plotSeries(
      [
        at(0, 'login'),
        at(0, 'login'),
        at(2, 'login_failed', '10.0.0.1:5'),
        at(-1, 'login'),
        at(3, 'login'),
      ],
      from,
      3,
    );
    expect(series.logins).toEqual([2, 0, 0]);
    expect(series.failures).toEqual([0, 0, 1]);
    expect(series.topAddresses).toEqual([{ address: '10.0.0.1', failures: 1 }]);
  });

  it(`ranks the ${TOP_ADDRESSES} addresses failing most, ties by address`, () => {
    const entries = [];
    for (let i = 0; i < 15; i++) {
      for (let n = 0; n <= i % 4; n++) entries.push(at(0, 'login_failed', `10.0.0.${i}:1`));
    }
    const top = plotSeries(entries, from, 1).topAddresses;
    expect(top).toHaveLength(TOP_ADDRESSES);
    expect(top[0]).toEqual({ address: '10.0.0.11', failures: 4 });
    expect(top.map((t) => t.failures)).toEqual(
      [...top.map((t) => t.failures)].sort((a, b) => b - a),
    );
  });

  it('takes the port off an address, and leaves other origins as they are', () => {
    expect(addressOf('10.1.2.3:4711')).toBe('10.1.2.3');
    expect(addressOf('[fe80::1]:22')).toBe('fe80::1');
    expect(addressOf('UNIX socket (pid=1)')).toBe('UNIX socket (pid=1)');
  });
});
