import { firstWindow, nextWindow, REPLAY_WINDOW } from './audit-replay.command';

describe('replay windows', () => {
  it('starts at --from (at least 1) and spans at most one window', () => {
    expect(firstWindow({})).toEqual({ from: 1, to: REPLAY_WINDOW });
    expect(firstWindow({ from: 0 })).toEqual({ from: 1, to: REPLAY_WINDOW });
    expect(firstWindow({ from: 10, to: 20 })).toEqual({ from: 10, to: 20 });
    expect(firstWindow({ from: 5 }, 10)).toEqual({ from: 5, to: 14 });
    expect(firstWindow({ to: 0 })).toBeUndefined();
  });

  it('goes on while windows come back full and --to is not reached', () => {
    const range = { from: 1, to: 25 };
    const first = firstWindow(range, 10);
    expect(first).toEqual({ from: 1, to: 10 });
    const second = nextWindow({ from: 1, to: 10 }, 10, range, 10);
    expect(second).toEqual({ from: 11, to: 20 });
    expect(nextWindow({ from: 11, to: 20 }, 20, range, 10)).toEqual({ from: 21, to: 25 });
    expect(nextWindow({ from: 21, to: 25 }, 25, range, 10)).toBeUndefined();
  });

  it('stops at the end of the log: a short or empty window', () => {
    expect(nextWindow({ from: 1, to: 10 }, 7, {}, 10)).toBeUndefined();
    expect(nextWindow({ from: 11, to: 20 }, undefined, {}, 10)).toBeUndefined();
    expect(nextWindow({ from: 1, to: 10 }, 10, {}, 10)).toEqual({ from: 11, to: 20 });
  });
});
