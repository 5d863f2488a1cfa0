import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthEvent } from '@authtrail/contracts';
import { toLogEntry } from '../../../test/fixtures/log-entries';
import { snapshotHistory } from '../../../test/fixtures/snapshot-history';
import { BOOT_B, booted, loggedIn, loggedOut } from '../../../test/fixtures/auth-events';
import { activeSessions } from './active-sessions';
import { evolve, foldEntries } from './evolve';
import {
  readSavedSnapshot,
  fromSnapshot,
  snapshotJsonPieces,
  toSnapshot,
  type StoredSnapshot,
} from './sessions-snapshot';
import { initialSessionsState, type SessionsState } from './sessions-state';

const entry = (event: AuthEvent, seq: number) => toLogEntry(event, seq);

/** Everything a state holds, as plain values: its rows in order, with their keys in order. */
function contents(state: SessionsState) {
  return {
    ...state,
    hosts: [...state.hosts].map(([host, value]) => ({
      host,
      bootId: value.bootId,
      bootStartedAt: value.bootStartedAt,
      endedBoots: [...value.endedBoots],
      rows: [...value.sessions].map((row) => [Object.keys(row), row]),
    })),
    earlyLogouts: [...state.earlyLogouts].map(([host, keys]) => [host, [...keys]]),
  };
}

/** test/fixtures/sessions-snapshot-v2.json: saved by the format-2 code after snapshotHistory(). */
const savedV2 = () =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../test/fixtures/sessions-snapshot-v2.json'), 'utf8'),
  ) as StoredSnapshot;
const foldedHistory = () =>
  foldEntries(
    initialSessionsState(),
    snapshotHistory().map((e, i) => entry(e, i + 1)),
  );

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

  it('keeps the logouts that came before their logins, and the order of late rows', () => {
    const late = [
      loggedOut('early', { occurred_at: '2025-01-15T09:30:00Z' }),
      loggedIn({ sessionId: 'x', occurred_at: '2025-01-15T09:20:00Z' }),
      loggedIn({ sessionId: 'y', occurred_at: '2025-01-15T08:00:00Z' }),
      loggedOut('x'),
    ];
    const state = foldEntries(initialSessionsState(), late.map(entry));
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(state))));
    expect(toSnapshot(restored)).toEqual(toSnapshot(state));
    const next = [loggedIn({ sessionId: 'early', occurred_at: '2025-01-15T09:25:00Z' })];
    for (const s of [state, restored]) evolve(s, entry(next[0], 5));
    expect(toSnapshot(restored)).toEqual(toSnapshot(state));
    expect([...activeSessions(restored, 'truenas')].map((r) => r.id)).toEqual(['y']);
    expect(restored.counters.loginsAfterLogout).toBe(1);
  });

  it('reads a format-1 snapshot as format 2, with nothing remembered of early logouts', () => {
    const state = foldEntries(initialSessionsState(), events.map(entry));
    const { earlyLogouts, counters, ...rest } = toSnapshot(state);
    expect(earlyLogouts).toEqual([]);
    const { loginsAfterLogout, ...countersV1 } = counters;
    expect(loginsAfterLogout).toBe(0);
    const v1 = JSON.parse(JSON.stringify({ ...rest, version: 1, counters: countersV1 })) as never;
    const restored = fromSnapshot(v1);
    expect(toSnapshot(restored)).toEqual(toSnapshot(state));
    expect(fromSnapshot(v1, new Set(['nas2'])).hosts.size).toBe(1);
  });

  it('keeps the last changing seq of each host; without it, changes are known from its seq on', () => {
    const state = foldEntries(initialSessionsState(), events.map(entry));
    expect(state.lastChangeSeqs.size).toBeGreaterThan(0);
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(state))));
    expect(restored.lastChangeSeqs).toEqual(state.lastChangeSeqs);
    expect(restored.changesKnownFrom).toBe(0);
    const { changes: _dropped, ...older } = toSnapshot(state);
    const fromOlder = fromSnapshot(older);
    expect(fromOlder.lastChangeSeqs.size).toBe(0);
    expect(fromOlder.changesKnownFrom).toBe(state.lastSeq);
  });

  it('loads a format-2 snapshot, as the format-2 code saved it, to the state it was saved from', () => {
    const restored = fromSnapshot(savedV2());
    expect(contents(restored)).toEqual(contents(foldedHistory()));
    expect(restored.hosts.get('nas3')?.sessions.size).toBe(3);
  });

  it('refuses an unknown snapshot version', () => {
    expect(() => fromSnapshot({ ...toSnapshot(initialSessionsState()), version: 3 as 2 })).toThrow(
      'unknown snapshot version 3',
    );
  });

  describe('readSavedSnapshot', () => {
    const snapshot = toSnapshot(foldEntries(initialSessionsState(), events.map(entry)));
    const saved = { seq: 5, entryHash: 'h5', state: JSON.stringify(snapshot) };

    it("reads the state of a snapshot that is the log's (its entry hash is the log's)", () => {
      expect(readSavedSnapshot(saved, 'h5')).toEqual(snapshot);
    });

    it('gives nothing for a snapshot of another log, without reading its state', () => {
      expect(readSavedSnapshot({ ...saved, state: 'not json' }, 'other')).toBeUndefined();
      expect(readSavedSnapshot(saved, undefined)).toBeUndefined();
    });

    it('reads an older format as stored, leaving to the caller whether to fold from it', () => {
      const { earlyLogouts: _early, ...v1 } = snapshot;
      const old = { ...saved, state: JSON.stringify({ ...v1, version: 1 }) };
      expect(readSavedSnapshot(old, 'h5')?.version).toBe(1);
    });
  });
});
