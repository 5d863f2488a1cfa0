import { planVerifyRanges, VERIFY_RANGE_SIZE } from './verify-plan';

describe('planVerifyRanges', () => {
  it('covers from..to in ranges of 100,000 seqs', () => {
    expect(VERIFY_RANGE_SIZE).toBe(100_000);
    expect(planVerifyRanges(1, 250_000)).toEqual([
      { from_seq: 1, to_seq: 100_000 },
      { from_seq: 100_001, to_seq: 200_000 },
      { from_seq: 200_001, to_seq: 250_000 },
    ]);
    expect(planVerifyRanges(1, 100_000)).toEqual([{ from_seq: 1, to_seq: 100_000 }]);
    expect(planVerifyRanges(1, 100_001)).toEqual([
      { from_seq: 1, to_seq: 100_000 },
      { from_seq: 100_001, to_seq: 100_001 },
    ]);
  });

  it('plans a single seq, and nothing for an empty range', () => {
    expect(planVerifyRanges(7, 7)).toEqual([{ from_seq: 7, to_seq: 7 }]);
    expect(planVerifyRanges(1, 0)).toEqual([]);
    expect(planVerifyRanges(10, 5)).toEqual([]);
  });

  it('leaves no gap and no overlap for any size', () => {
    for (const [from, to, size] of [
      [1, 1000, 7],
      [5, 99, 10],
      [3, 3, 1],
    ]) {
      const ranges = planVerifyRanges(from, to, size);
      expect(ranges[0].from_seq).toBe(from);
      expect(ranges.at(-1)?.to_seq).toBe(to);
      ranges.forEach((range, index) => {
        expect(range.to_seq - range.from_seq).toBeLessThan(size);
        if (index > 0) expect(range.from_seq).toBe(ranges[index - 1].to_seq + 1);
      });
    }
    expect(() => planVerifyRanges(1, 10, 0)).toThrow(RangeError);
  });
});
