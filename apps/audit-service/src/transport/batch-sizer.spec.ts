import { BATCH_TARGET_MS, BatchSizer, MIN_BATCH } from './batch-sizer';

describe('BatchSizer', () => {
  it('takes the most a batch may hold until it knows the time per message', () => {
    expect(new BatchSizer(500).size).toBe(500);
  });

  it('keeps full batches while they fit in the target time', () => {
    const sizer = new BatchSizer(500);
    sizer.took(500, 10);
    expect(sizer.size).toBe(500);
  });

  it('cuts batches of slow messages to what fits in the target time, and grows them back', () => {
    const sizer = new BatchSizer(500);
    sizer.took(500, 50); // 0.1 ms a message
    expect(sizer.size).toBe(BATCH_TARGET_MS / 0.1);
    for (let i = 0; i < 30; i++) sizer.took(sizer.size, sizer.size * 0.01);
    expect(sizer.size).toBe(500);
  });

  it('smooths one slow batch rather than following it', () => {
    const sizer = new BatchSizer(500);
    sizer.took(500, 20); // 0.04 ms a message
    sizer.took(500, 80); // one at 0.16: the average moves 30 % of the way, to 0.076
    expect(sizer.size).toBe(Math.floor(BATCH_TARGET_MS / 0.076));
  });

  it('never goes below MIN_BATCH, nor above the most', () => {
    const sizer = new BatchSizer(500);
    sizer.took(10, 10_000);
    expect(sizer.size).toBe(MIN_BATCH);
    expect(new BatchSizer(10).size).toBe(10);
    const small = new BatchSizer(10);
    small.took(10, 10_000);
    expect(small.size).toBe(10);
  });

  it('learns from small batches (live traffic) as from full ones', () => {
    const sizer = new BatchSizer(500);
    sizer.took(4, 0.2); // 0.05 ms a message
    expect(sizer.size).toBe(BATCH_TARGET_MS / 0.05);
  });
});
