import { handledThrough, missingHistory } from './resume-point';

describe('handledThrough', () => {
  it('is the further of the last entry and the consumer ack floor', () => {
    expect(handledThrough(100, 0)).toBe(100);
    expect(handledThrough(100, 105)).toBe(105);
    expect(handledThrough(100, 40)).toBe(100);
  });

  it('is 0 for an empty log, whatever the consumer acknowledged', () => {
    expect(handledThrough(0, 5000)).toBe(0);
  });
});

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
