import type { LogEntry } from '@authtrail/contracts';
import type { Snapshot, SnapshotStore, EventLog } from '@authtrail/event-log';
import {
  activeSessions,
  foldEntries,
  initialSessionsState,
  snapshotJson,
  toSnapshot,
  type StoredSnapshot,
} from '@authtrail/sessions';
import { loggedIn, loggedOut } from '../../../../test/fixtures/auth-events';
import { toLogEntry } from '../../../../test/fixtures/log-entries';
import type { ServiceConfig } from '../config/service-config';
import { SessionsProjection } from './sessions.projection';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function projectionWith(snapshotEvery: number) {
  const saved: Snapshot[] = [];
  const snapshots = { save: (snapshot: Snapshot) => saved.push(snapshot) };
  const log = { maxOccurredMs: () => 0, hashAt: () => undefined };
  const projection = new SessionsProjection(
    log as unknown as EventLog,
    snapshots as unknown as SnapshotStore,
    { snapshotEvery } as ServiceConfig,
  );
  return { projection, saved };
}

describe('SessionsProjection snapshots', () => {
  const logins = Array.from({ length: 40 }, (_, i) =>
    toLogEntry(loggedIn({ sessionId: `s${i}`, host: i % 3 ? 'a' : 'b' }), i + 1),
  );
  const entry = (seq: number): LogEntry => ({ ...logins[seq - 1], hash: `h${seq}` });
  const logouts = Array.from({ length: 10 }, (_, i) =>
    toLogEntry(loggedOut(`s${i}`, { host: i % 3 ? 'a' : 'b' }), 41 + i),
  );

  it('writes a large projection in slices, as it stood at the snapshot seq', async () => {
    const { projection, saved } = projectionWith(30);
    projection.incrementalAbove = 5;
    projection.apply(Array.from({ length: 30 }, (_, i) => entry(i + 1)));
    expect(saved).toHaveLength(0);
    // Later entries change the projection before the snapshot is written out.
    projection.apply([...Array.from({ length: 10 }, (_, i) => entry(i + 31)), ...logouts]);
    for (let i = 0; i < 100 && saved.length === 0; i++) await turn();
    const expected = foldEntries(initialSessionsState(), logins.slice(0, 30));
    expect(saved).toEqual([
      { seq: 30, entryHash: 'h30', maxOccurredMs: 0, state: snapshotJson(toSnapshot(expected)) },
    ]);
    expect(projection.lastSnapshotSeq).toBe(30);
  });

  it('finishes a snapshot in progress and saves the newest state on shutdown', async () => {
    const { projection, saved } = projectionWith(30);
    projection.incrementalAbove = 5;
    projection.apply(Array.from({ length: 30 }, (_, i) => entry(i + 1)));
    projection.apply(Array.from({ length: 5 }, (_, i) => entry(i + 31)));
    await projection.onApplicationShutdown();
    expect(saved.map((c) => c.seq)).toEqual([30, 35]);
    const at30 = foldEntries(initialSessionsState(), logins.slice(0, 30));
    expect(saved[0].state).toBe(snapshotJson(toSnapshot(at30)));
    expect(saved[1].state).toBe(snapshotJson(toSnapshot(projection.state)));
  });

  it("hands a large snapshot to the store's background writer, and the log waits for it", async () => {
    const foreground: Snapshot[] = [];
    const background: Snapshot[] = [];
    let finish = () => {};
    const snapshots = {
      save: (snapshot: Snapshot) => foreground.push(snapshot),
      streamInBackground: () => {
        const pieces: string[] = [];
        return {
          add: (piece: string) => pieces.push(piece),
          abort: () => undefined,
          finish: (snapshot: Omit<Snapshot, 'state'>) => {
            background.push({ ...snapshot, state: pieces.join('') });
            return new Promise<void>((resolve) => (finish = resolve));
          },
        };
      },
    };
    const log = { maxOccurredMs: () => 0, hashAt: () => undefined };
    const projection = new SessionsProjection(
      log as unknown as EventLog,
      snapshots as unknown as SnapshotStore,
      { snapshotEvery: 10 } as ServiceConfig,
    );
    projection.incrementalAbove = 5;
    expect(projection.writerIdle()).toBeUndefined();
    projection.apply(Array.from({ length: 10 }, (_, i) => entry(i + 1)));
    for (let i = 0; i < 100 && background.length === 0; i++) await turn();
    expect(background.map((c) => c.seq)).toEqual([10]);
    const at10 = foldEntries(initialSessionsState(), logins.slice(0, 10));
    expect(background[0].state).toBe(snapshotJson(toSnapshot(at10)));
    const idle = projection.writerIdle();
    expect(idle).toBeInstanceOf(Promise);
    // Due again, but not while the first is being written.
    projection.apply(Array.from({ length: 10 }, (_, i) => entry(i + 11)));
    for (let i = 0; i < 20; i++) await turn();
    expect(background).toHaveLength(1);
    expect(projection.lastSnapshotSeq).toBe(0);
    finish();
    await idle;
    expect(projection.lastSnapshotSeq).toBe(10);
    expect(projection.writerIdle()).toBeUndefined();
    expect(foreground).toEqual([]);
  });

  it('on shutdown drops a background snapshot in progress and saves the newest state here', async () => {
    const saved: Snapshot[] = [];
    let aborted = 0;
    const snapshots = {
      save: (snapshot: Snapshot) => saved.push(snapshot),
      streamInBackground: () => ({
        add: () => undefined,
        abort: () => aborted++,
        finish: () => Promise.reject(new Error('not expected')),
      }),
    };
    const log = { maxOccurredMs: () => 0, hashAt: () => undefined };
    const projection = new SessionsProjection(
      log as unknown as EventLog,
      snapshots as unknown as SnapshotStore,
      { snapshotEvery: 30 } as ServiceConfig,
    );
    projection.incrementalAbove = 5;
    projection.apply(Array.from({ length: 30 }, (_, i) => entry(i + 1)));
    projection.apply(Array.from({ length: 5 }, (_, i) => entry(i + 31)));
    await projection.onApplicationShutdown();
    expect(aborted).toBe(1);
    expect(saved.map((c) => c.seq)).toEqual([35]);
    const at35 = foldEntries(initialSessionsState(), logins.slice(0, 35));
    expect(saved[0].state).toBe(snapshotJson(toSnapshot(at35)));
  });

  it('writes a small projection at once', () => {
    const { projection, saved } = projectionWith(30);
    projection.apply(Array.from({ length: 30 }, (_, i) => entry(i + 1)));
    expect(saved.map((c) => c.seq)).toEqual([30]);
  });

  it('waits for as many entries as it holds session rows when those are more than snapshotEvery', () => {
    const { projection, saved } = projectionWith(10);
    for (let seq = 1; seq <= 40; seq++) projection.apply([entry(seq)]);
    // At seq 10: 10 entries, 10 rows. Then the rows grow as fast as the entries since.
    expect(saved.map((c) => c.seq)).toEqual([10]);
    for (const logout of logouts) projection.apply([{ ...logout, hash: `h${logout.seq}` }]);
    // At seq 45: 35 entries since the snapshot, 35 rows left.
    expect(saved.map((c) => c.seq)).toEqual([10, 45]);
  });
});

describe('SessionsProjection read-your-writes', () => {
  const entries = Array.from({ length: 3 }, (_, i) =>
    toLogEntry(loggedIn({ sessionId: `r${i}` }), i + 1),
  );

  it("releases a batch's waiters once its entries are applied", async () => {
    const { projection } = projectionWith(1000);
    const seenAtRelease: number[] = [];
    const waiting = projection.waitUntilHandled(7, 1000).then((reached) => {
      seenAtRelease.push(projection.state.lastSeq);
      return reached;
    });
    projection.applyBatch(entries.slice(0, 2), 5);
    await turn();
    expect(seenAtRelease).toEqual([]);
    // Stream messages 6 and 7 were dead letters: handled without an entry.
    projection.applyBatch(entries.slice(2), 7);
    await expect(waiting).resolves.toBe(true);
    expect(seenAtRelease).toEqual([3]);
    await expect(projection.waitUntilHandled(6, 1000)).resolves.toBe(true);
  });

  it('answers false when the sequence is not handled in time', async () => {
    const { projection } = projectionWith(1000);
    projection.applyBatch([], 4);
    await expect(projection.waitUntilHandled(5, 10)).resolves.toBe(false);
  });
});

describe('SessionsProjection start-up', () => {
  const log = Array.from({ length: 40 }, (_, i) => ({
    ...toLogEntry(loggedIn({ sessionId: `s${i}` }), i + 1),
    hash: `h${i + 1}`,
  }));
  /** The state at seq 30 plus a row the log never had, so reading the snapshot shows. */
  function snapshotAt30(version: 1 | 2 | 3): Snapshot {
    const snapshot = toSnapshot(foldEntries(initialSessionsState(), log.slice(0, 30)));
    snapshot.hosts[0].sessions.unshift({ ...snapshot.hosts[0].sessions[0], id: 'ghost' });
    const { earlyLogouts: _early, ...v1 } = snapshot;
    const state =
      version === 3
        ? snapshotJson(snapshot)
        : JSON.stringify(version === 2 ? { version, ...snapshot } : { ...v1, version });
    return { seq: 30, entryHash: 'h30', maxOccurredMs: 0, state };
  }

  function startWith(snapshot: Snapshot) {
    const saved: Snapshot[] = [];
    const eventLog = {
      lastSeq: () => 40,
      hashAt: (seq: number) => `h${seq}`,
      read: (from: number) => log.slice(from - 1),
      handledStreamSeq: () => 40,
      maxOccurredMs: () => 0,
    };
    const snapshots = {
      atOrBefore: () => snapshot,
      save: (c: Snapshot) => saved.push(c),
    };
    const projection = new SessionsProjection(
      eventLog as unknown as EventLog,
      snapshots as unknown as SnapshotStore,
      { snapshotEvery: 30 } as ServiceConfig,
    );
    projection.onModuleInit();
    return { projection, saved };
  }

  const ids = (p: SessionsProjection) => [...activeSessions(p.state, 'truenas')].map((r) => r.id);

  it.each([3, 2] as const)(
    'loads a snapshot of format %i and replays only the entries after it',
    (version) => {
      const { projection, saved } = startWith(snapshotAt30(version));
      expect(ids(projection)[0]).toBe('ghost');
      expect(projection.state.lastSeq).toBe(40);
      expect(projection.lastSnapshotSeq).toBe(30);
      expect(saved).toEqual([]);
    },
  );

  it('ignores a snapshot of format 1, folds the whole log and saves a format-3 snapshot', () => {
    const { projection, saved } = startWith(snapshotAt30(1));
    const expected = foldEntries(initialSessionsState(), log);
    expect(ids(projection)).not.toContain('ghost');
    expect(toSnapshot(projection.state)).toEqual(toSnapshot(expected));
    expect(saved.map((c) => c.seq)).toEqual([40]);
    expect((JSON.parse(saved[0].state) as StoredSnapshot).version).toBe(3);
    expect(projection.lastSnapshotSeq).toBe(40);
  });
});
