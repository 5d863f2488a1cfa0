import type { AuthEvent } from '@authtrail/contracts';
import { toLogEntry } from '../../../test/fixtures/log-entries';
import { BOOT_B, booted, loggedIn, loggedOut } from '../../../test/fixtures/auth-events';
import { activeSessions } from './active-sessions';
import { evolve, foldEntries } from './evolve';
import { fromSnapshot, snapshotJsonPieces, toSnapshot } from './sessions-snapshot';
import { initialSessionsState } from './sessions-state';

const entry = (event: AuthEvent, seq: number) => toLogEntry(event, seq);

describe('sessions snapshots', () => {
  const events = [
    loggedIn({ sessionId: 'a' }),
    loggedIn({ sessionId: 'b', host: 'nas2' }),
    booted({ host: 'nas2', boot_id: BOOT_B }),
    loggedIn({ sessionId: 'c' }),
    loggedOut('a'),
  ];

  it('round-trips through JSON and folds on exactly as the original would', () => {
    const state = foldEntries(initialSessionsState(), events.slice(0, 3).map(entry));
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(state))));
    expect(restored).toEqual(state);
    events.slice(3).forEach((e, i) => {
      evolve(state, entry(e, i + 4));
      evolve(restored, entry(e, i + 4));
    });
    expect(restored).toEqual(state);
    expect([...activeSessions(restored, 'truenas')].map((r) => r.id)).toEqual(['c']);
  });

  it('is written in pieces that join to its JSON text', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      loggedIn({ sessionId: `s${i}`, host: i % 2 ? 'nas2' : 'truenas' }),
    );
    for (const state of [
      initialSessionsState(),
      foldEntries(initialSessionsState(), events.map(entry)),
      foldEntries(initialSessionsState(), many.map(entry)),
    ]) {
      const snapshot = toSnapshot(state);
      for (const rows of [1, 4, 1000]) {
        expect([...snapshotJsonPieces(snapshot, rows)].join('')).toBe(JSON.stringify(snapshot));
      }
    }
  });

  it('restores only the hosts asked for', () => {
    const state = foldEntries(initialSessionsState(), events.map(entry));
    const one = fromSnapshot(toSnapshot(state), new Set(['nas2']));
    expect([...one.hosts.keys()]).toEqual(['nas2']);
    expect(one.hosts.get('nas2')?.endedBoots.size).toBe(1);
  });

  it('refuses an unknown snapshot version', () => {
    expect(() => fromSnapshot({ ...toSnapshot(initialSessionsState()), version: 3 as 2 })).toThrow(
      'unknown snapshot version 3',
    );
  });
});
