import { foldEntries, initialSessionsState } from '@authtrail/sessions';
import { loggedIn, loggedOut } from '../../../../test/fixtures/auth-events';
import { toLogEntry } from '../../../../test/fixtures/log-entries';
import { sessionRows, snapshotDue } from './snapshot-cadence';

describe('snapshotDue', () => {
  /** A projection with `live` sessions over two hosts, and `ended` more logged in and out. */
  function stateWith(live: number, ended = 0) {
    const entries = [
      ...Array.from({ length: live + ended }, (_, i) =>
        loggedIn({ sessionId: `s${i}`, host: i % 2 ? 'a' : 'b' }),
      ),
      ...Array.from({ length: ended }, (_, i) =>
        loggedOut(`s${live + i}`, { host: (live + i) % 2 ? 'a' : 'b' }),
      ),
    ].map((event, i) => toLogEntry(event, i + 1));
    return foldEntries(initialSessionsState(), entries);
  }

  it('counts the live session rows of every host', () => {
    expect(sessionRows(stateWith(0))).toBe(0);
    expect(sessionRows(stateWith(7, 5))).toBe(7);
  });

  it('is due every `every` entries while the projection holds fewer rows', () => {
    const state = stateWith(3, 4);
    expect(snapshotDue(state, 9, 10)).toBe(false);
    expect(snapshotDue(state, 10, 10)).toBe(true);
  });

  it('waits for as many entries as the projection has rows when those are more', () => {
    const state = stateWith(25);
    expect(snapshotDue(state, 10, 10)).toBe(false);
    expect(snapshotDue(state, 24, 10)).toBe(false);
    expect(snapshotDue(state, 25, 10)).toBe(true);
  });
});
