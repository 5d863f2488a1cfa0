import type { AuthEvent, LogEntry } from '@authtrail/contracts';
import { toLogEntry } from '../../../test/fixtures/log-entries';
import {
  BOOT_A,
  BOOT_B,
  booted,
  failedLogin,
  loggedIn,
  loggedOut,
} from '../../../test/fixtures/auth-events';
import { activeSessions } from './active-sessions';
import { foldEntries } from './evolve';
import { ChangeSequencer, type SessionChange } from './session-changes';
import { initialSessionsState } from './sessions-state';

/** Entries as JetStream stores events published one second after they occurred. */
function entries(events: AuthEvent[]): LogEntry[] {
  return events.map((event, index) => ({
    ...toLogEntry(event, index + 1),
    recorded_at: new Date(Date.parse(event.occurred_at) + 1000).toISOString(),
  }));
}

/** What folding `events` reports, as [kind, id, seq] (the rows are checked where it matters). */
function changesOf(...events: AuthEvent[]): [string, string, number][] {
  const changes: SessionChange[] = [];
  foldEntries(initialSessionsState(), entries(events), changes);
  return changes.map((c) => [c.kind, c.kind === 'added' ? c.row.id : c.id, c.seq]);
}

const internal = (sessionId: string) =>
  loggedIn({
    sessionId,
    session: {
      id: sessionId,
      internal: true,
      origin: 'UNIX socket (pid=1 uid=0 gid=0)',
      credentials: 'UNIX_SOCKET',
      credentials_data: { username: 'root' },
    },
  });

describe('evolve: what changed', () => {
  it('reports a login as added, with the stored row, and its logout as removed', () => {
    const changes: SessionChange[] = [];
    const state = foldEntries(
      initialSessionsState(),
      entries([loggedIn({ sessionId: 'a' })]),
      changes,
    );
    expect(changes).toEqual([{ kind: 'added', host: 'truenas', seq: 1, row: expect.anything() }]);
    expect((changes[0] as { row: unknown }).row).toBe([...activeSessions(state, 'truenas')][0]);
    expect(changesOf(loggedIn({ sessionId: 'a' }), loggedOut('a'))).toEqual([
      ['added', 'a', 1],
      ['removed', 'a', 2],
    ]);
  });

  it('reports nothing for an unknown logout, a second login, a failed login or a repeated boot', () => {
    expect(
      changesOf(
        loggedOut('nobody'),
        loggedIn({ sessionId: 'a' }),
        loggedIn({ sessionId: 'a' }),
        failedLogin(),
        booted({ boot_id: BOOT_A }),
      ),
    ).toEqual([['added', 'a', 2]]);
  });

  it('reports nothing for a login whose logout came first', () => {
    expect(changesOf(loggedOut('a'), loggedIn({ sessionId: 'a' }))).toEqual([]);
  });

  it('never reports internal sessions: not opened, not ended, not ended by a boot', () => {
    expect(
      changesOf(
        internal('i1'),
        internal('i2'),
        loggedIn({ sessionId: 'a' }),
        loggedOut('i1'),
        booted({ boot_id: BOOT_B }),
      ),
    ).toEqual([
      ['added', 'a', 3],
      ['removed', 'a', 5],
    ]);
  });

  it('ends every session of the earlier boot on a boot, one removed each, oldest first', () => {
    expect(
      changesOf(
        loggedIn({ sessionId: 'b', occurred_at: '2025-01-15T09:05:00Z' }),
        loggedIn({ sessionId: 'a', occurred_at: '2025-01-15T09:00:00Z' }),
        loggedIn({ sessionId: 'c', occurred_at: '2025-01-15T09:10:00Z' }),
        booted({ boot_id: BOOT_B }),
      ).slice(3),
    ).toEqual([
      ['removed', 'a', 4],
      ['removed', 'b', 4],
      ['removed', 'c', 4],
    ]);
  });

  it('ends the earlier boot before opening the row of a login with a newer boot_id', () => {
    expect(
      changesOf(
        loggedIn({ sessionId: 'a' }),
        loggedIn({ sessionId: 'b' }),
        loggedIn({ sessionId: 'n', boot_id: BOOT_B, occurred_at: '2025-01-15T12:00:00Z' }),
      ).slice(2),
    ).toEqual([
      ['removed', 'a', 3],
      ['removed', 'b', 3],
      ['added', 'n', 3],
    ]);
  });

  it('reports nothing for late events of an earlier boot', () => {
    expect(
      changesOf(
        loggedIn({ sessionId: 'a' }),
        booted({ boot_id: BOOT_B }),
        loggedIn({ sessionId: 'late', boot_id: BOOT_A }),
        loggedOut('a', { boot_id: BOOT_A }),
      ),
    ).toEqual([
      ['added', 'a', 1],
      ['removed', 'a', 2],
    ]);
  });

  it('keeps hosts apart: a boot of one host ends none of another', () => {
    const changes: SessionChange[] = [];
    foldEntries(
      initialSessionsState(),
      entries([
        loggedIn({ sessionId: 'a' }),
        loggedIn({ sessionId: 'b', host: 'nas2' }),
        booted({ host: 'nas2' }),
      ]),
      changes,
    );
    expect(changes.map((c) => [c.host, c.kind])).toEqual([
      ['truenas', 'added'],
      ['nas2', 'added'],
      ['nas2', 'removed'],
    ]);
  });
});

describe('ChangeSequencer', () => {
  const row = [
    ...activeSessions(
      foldEntries(initialSessionsState(), entries([loggedIn({ sessionId: 'a' })])),
      'truenas',
    ),
  ][0];
  const added = (seq: number, host = 'truenas'): SessionChange => ({
    kind: 'added',
    host,
    seq,
    row,
  });
  const removed = (seq: number, id = 'a', host = 'truenas'): SessionChange => ({
    kind: 'removed',
    host,
    seq,
    id,
  });

  it("writes TrueNAS's event: ADDED with id and the dump, no current or internal; REMOVED with id", () => {
    const sequencer = new ChangeSequencer();
    const event = sequencer.next({ kind: 'added', host: 'truenas', seq: 7, row });
    expect(Object.keys(event)).toEqual(['msg', 'collection', 'fields', 'host', 'seq', 'index']);
    expect(event).toEqual({
      msg: 'added',
      collection: 'auth.sessions',
      fields: {
        id: 'a',
        origin: row.origin,
        credentials: row.credentials,
        credentials_data: row.credentials_data,
        created_at: row.created_at,
      },
      host: 'truenas',
      seq: 7,
      index: 0,
    });
    expect(Object.keys(event.fields)).toEqual([
      'id',
      'origin',
      'credentials',
      'credentials_data',
      'created_at',
    ]);
    expect(sequencer.next(removed(9))).toEqual({
      msg: 'removed',
      collection: 'auth.sessions',
      fields: { id: 'a' },
      host: 'truenas',
      seq: 9,
      index: 0,
      prev_seq: 7,
    });
  });

  it('numbers the changes of one entry and links each entry to the host’s previous one', () => {
    const sequencer = new ChangeSequencer();
    const positions = [
      added(3),
      added(4, 'nas2'),
      removed(8, 'a'),
      removed(8, 'b'),
      added(8),
      removed(9, 'c', 'nas2'),
      removed(12),
    ].map((change) => {
      const { host, seq, index, prev_seq } = sequencer.next(change);
      return [host, seq, index, prev_seq];
    });
    expect(positions).toEqual([
      ['truenas', 3, 0, undefined],
      ['nas2', 4, 0, undefined],
      ['truenas', 8, 0, 3],
      ['truenas', 8, 1, 3],
      ['truenas', 8, 2, 3],
      ['nas2', 9, 0, 4],
      ['truenas', 12, 0, 8],
    ]);
  });

  it('after forget, the host’s next entry has no prev_seq; its current entry keeps counting', () => {
    const sequencer = new ChangeSequencer();
    sequencer.next(added(3));
    sequencer.next(removed(5, 'a'));
    sequencer.forget('truenas');
    expect(sequencer.next(removed(5, 'b'))).toMatchObject({ seq: 5, index: 1, prev_seq: 3 });
    const next = sequencer.next(added(6));
    expect(next).toMatchObject({ seq: 6, index: 0 });
    expect('prev_seq' in next).toBe(false);
    expect(sequencer.next(added(7))).toMatchObject({ seq: 7, index: 0, prev_seq: 6 });
  });
});
