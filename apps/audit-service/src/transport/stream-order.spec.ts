import { catchUpBatch, orderBatch } from './stream-order';

const m = (...seqs: number[]) => seqs.map((seq) => ({ seq, message: `m${seq}` }));

describe('orderBatch', () => {
  it('passes a contiguous batch through in order', () => {
    expect(orderBatch(m(5, 6, 7), 5)).toEqual({
      ordered: [5, 6, 7].map((seq) => ({ seq, delivered: `m${seq}` })),
      missing: [],
      next: 8,
    });
  });

  it('sorts, keeps redeliveries of handled messages, and lists the gaps to read', () => {
    const { ordered, missing, next } = orderBatch(m(9, 3, 6), 5);
    expect(ordered.map((o) => [o.seq, o.delivered ?? null])).toEqual([
      [3, 'm3'],
      [5, null],
      [6, 'm6'],
      [7, null],
      [8, null],
      [9, 'm9'],
    ]);
    expect(missing).toEqual([5, 7, 8]);
    expect(next).toBe(10);
  });

  it('leaves next alone when only old messages came', () => {
    expect(orderBatch(m(1, 2), 5).next).toBe(5);
  });
});

describe('catchUpBatch', () => {
  const seqs = (next: number, catchUpTo: number, batchSize: number) =>
    catchUpBatch(next, catchUpTo, batchSize).map((m) => m.seq);

  it('reads up to a batch from the next sequence, none of it delivered', () => {
    expect(catchUpBatch(5, 100, 3)).toEqual([{ seq: 5 }, { seq: 6 }, { seq: 7 }]);
  });

  it('stops at the last sequence delivered before this run', () => {
    expect(seqs(5, 6, 500)).toEqual([5, 6]);
  });

  it('is empty once caught up', () => {
    expect(seqs(7, 6, 500)).toEqual([]);
  });
});
