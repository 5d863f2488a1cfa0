import { QueryShare } from './query-share';

describe('QueryShare', () => {
  it('lets slices start at once while ingest has nothing waiting, owing nothing', () => {
    const share = new QueryShare(0.2, 4, 0);
    share.spend(50, 50);
    expect(share.wait(50, false)).toBe(0);
    // What the slice took before is not owed once ingest has events again.
    expect(share.wait(50, true)).toBe(0);
  });

  it('while ingest waits, holds the next slice until the budget is back to zero', () => {
    const share = new QueryShare(0.2, 4, 0);
    share.spend(10, 10); // the budget was full (4): 4 - 10 = -6, back to 0 in 6 / 0.2 = 30 ms
    expect(share.wait(10, true)).toBeCloseTo(30);
    expect(share.wait(20, true)).toBeCloseTo(20);
    expect(share.wait(40, true)).toBe(0);
  });

  it('gives queries `share` of the time over a long run while ingest waits', () => {
    const share = new QueryShare(0.1, 5, 0);
    let now = 0;
    let spent = 0;
    while (now < 10_000) {
      now += share.wait(now, true);
      share.spend(5, now + 5); // a 5 ms slice
      now += 5;
      spent += 5;
    }
    expect(spent / now).toBeGreaterThan(0.09);
    expect(spent / now).toBeLessThan(0.11);
  });

  it('keeps no more than the burst in hand after a quiet spell', () => {
    const share = new QueryShare(0.2, 4, 0);
    share.spend(4, 100_000); // the budget was full (4), not 20,000
    share.spend(4, 100_000);
    expect(share.wait(100_000, true)).toBeCloseTo(20);
  });
});
