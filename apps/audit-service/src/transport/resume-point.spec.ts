import { missingHistory } from './resume-point';

describe('missingHistory', () => {
  it('is nothing while the stream holds the next sequence', () => {
    expect(missingHistory(0, 0)).toBeUndefined();
    expect(missingHistory(0, 1)).toBeUndefined();
    expect(missingHistory(2000, 2001)).toBeUndefined();
    expect(missingHistory(3000, 2001)).toBeUndefined();
  });

  it('lists what the stream dropped before the log had it', () => {
    expect(missingHistory(0, 2001)).toEqual({ from: 1, to: 2000 });
    expect(missingHistory(1500, 2001)).toEqual({ from: 1501, to: 2000 });
    expect(missingHistory(10, 12)).toEqual({ from: 11, to: 11 });
  });
});
