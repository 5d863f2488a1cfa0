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
  snapshotJson,
  snapshotJsonPieces,
  toSnapshot,
  type SnapshotV3,
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
/** The state as saved now (format 3) and read back. */
const saved = (state: SessionsState) => JSON.parse(snapshotJson(toSnapshot(state))) as SnapshotV3;

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
    const restored = fromSnapshot(saved(state));
    expect(restored).toEqual(state);
    events.slice(3).forEach((e, i) => {
      evolve(state, entry(e, i + 4));
      evolve(restored, entry(e, i + 4));
    });
    expect(restored).toEqual(state);
    expect([...activeSessions(restored, 'truenas')].map((r) => r.id)).toEqual(['c']);
  });

  it('restores what it saved: rows in order with their keys in order, boots, logouts, counts', () => {
    const state = foldedHistory();
    expect(saved(state).version).toBe(3);
    expect(contents(fromSnapshot(saved(state)))).toEqual(contents(state));
    const empty = initialSessionsState();
    expect(contents(fromSnapshot(saved(empty)))).toEqual(contents(empty));
  });

  it('is written in pieces that join to its JSON text, a block of columns per piece', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      loggedIn({ sessionId: `s${i}`, host: i % 2 ? 'nas2' : 'truenas' }),
    );
    for (const state of [
      initialSessionsState(),
      foldEntries(initialSessionsState(), events.map(entry)),
      foldEntries(initialSessionsState(), many.map(entry)),
    ]) {
      const snapshot = toSnapshot(state);
      expect([...snapshotJsonPieces(snapshot)].join('')).toBe(snapshotJson(snapshot));
      for (const rows of [1, 4]) {
        const text = [...snapshotJsonPieces(snapshot, rows)].join('');
        const blocks = (JSON.parse(text) as SnapshotV3).hosts.map((h) => h.rows.length);
        expect(blocks).toEqual(snapshot.hosts.map((h) => Math.ceil(h.sessions.length / rows)));
        expect(contents(fromSnapshot(JSON.parse(text) as SnapshotV3))).toEqual(contents(state));
      }
    }
  });

  it('restores only the hosts asked for', () => {
    const state = foldEntries(initialSessionsState(), events.map(entry));
    const one = fromSnapshot(saved(state), new Set(['nas2']));
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
    const restored = fromSnapshot(saved(state));
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
    const restored = fromSnapshot(saved(state));
    expect(restored.lastChangeSeqs).toEqual(state.lastChangeSeqs);
    expect(restored.changesKnownFrom).toBe(0);
    const { changes: _dropped, ...older } = saved(state);
    const fromOlder = fromSnapshot(older);
    expect(fromOlder.lastChangeSeqs.size).toBe(0);
    expect(fromOlder.changesKnownFrom).toBe(state.lastSeq);
  });

  it('loads a format-2 snapshot, as the format-2 code saved it, to the state it was saved from', () => {
    const restored = fromSnapshot(savedV2());
    expect(contents(restored)).toEqual(contents(foldedHistory()));
    expect(restored.hosts.get('nas3')?.sessions.size).toBe(3);
    expect(contents(fromSnapshot(saved(restored)))).toEqual(contents(foldedHistory()));
    expect([...fromSnapshot(savedV2(), new Set(['nas2'])).hosts.keys()]).toEqual(['nas2']);
  });

  it('refuses an unknown snapshot version', () => {
    expect(() => fromSnapshot({ ...saved(initialSessionsState()), version: 4 as 3 })).toThrow(
      'unknown snapshot version 4',
    );
  });

  describe('readSavedSnapshot', () => {
    const snapshot = toSnapshot(foldEntries(initialSessionsState(), events.map(entry)));
    const text = snapshotJson(snapshot);
    const savedAt5 = { seq: 5, entryHash: 'h5', state: text };

    it("reads the state of a snapshot that is the log's (its entry hash is the log's)", () => {
      expect(readSavedSnapshot(savedAt5, 'h5')).toEqual(JSON.parse(text));
    });

    it('gives nothing for a snapshot of another log, without reading its state', () => {
      expect(readSavedSnapshot({ ...savedAt5, state: 'not json' }, 'other')).toBeUndefined();
      expect(readSavedSnapshot(savedAt5, undefined)).toBeUndefined();
    });

    it('reads an older format as stored, leaving to the caller whether to fold from it', () => {
      const { earlyLogouts: _early, ...v1 } = snapshot;
      const old = { ...savedAt5, state: JSON.stringify({ ...v1, version: 1 }) };
      expect(readSavedSnapshot(old, 'h5')?.version).toBe(1);
      const v2 = { ...savedAt5, state: JSON.stringify({ version: 2, ...snapshot }) };
      expect(readSavedSnapshot(v2, 'h5')?.version).toBe(2);
    });
  });
});
