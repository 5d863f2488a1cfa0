import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from 100 ms', () => {
    expect([0, 1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([100, 200, 400, 800, 1600, 3200]);
  });

  it('stays at 5 s from then on', () => {
    expect([6, 7, 50, 2000].map(retryDelayMs)).toEqual([5000, 5000, 5000, 5000]);
  });
});
