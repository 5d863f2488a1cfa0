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
import { changedMessage, type SessionChange } from './session-changes';
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
    expect(changes).toEqual([
      {
        kind: 'added',
        host: 'truenas',
        seq: 1,
        index: 0,
        count: 1,
        prevSeq: 0,
        row: expect.anything(),
      },
    ]);
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

describe('the position of each change', () => {
  const positionsOf = (...events: AuthEvent[]) => {
    const changes: SessionChange[] = [];
    foldEntries(initialSessionsState(), entries(events), changes);
    return changes.map((c) => [c.host, c.seq, c.index, c.count, c.prevSeq]);
  };

  it('numbers the changes of one entry and links each entry to the host’s previous one', () => {
    expect(
      positionsOf(
        loggedIn({ sessionId: 'a' }),
        loggedIn({ sessionId: 'x', host: 'nas2' }),
        loggedIn({ sessionId: 'b' }),
        failedLogin(),
        loggedIn({ sessionId: 'n', boot_id: BOOT_B, occurred_at: '2025-01-15T12:00:00Z' }),
        loggedOut('x', { host: 'nas2' }),
      ),
    ).toEqual([
      ['truenas', 1, 0, 1, 0],
      ['nas2', 2, 0, 1, 0],
      ['truenas', 3, 0, 1, 1],
      ['truenas', 5, 0, 3, 3],
      ['truenas', 5, 1, 3, 3],
      ['truenas', 5, 2, 3, 3],
      ['nas2', 6, 0, 1, 2],
    ]);
  });

  it('links past entries whose changes were not asked for, and internal sessions never count', () => {
    const state = initialSessionsState();
    foldEntries(state, entries([loggedIn({ sessionId: 'a' }), internal('i')]));
    const changes: SessionChange[] = [];
    foldEntries(
      state,
      [{ ...toLogEntry(loggedOut('a'), 3), recorded_at: '2025-01-15T10:00:01Z' }],
      changes,
    );
    expect(changes.map((c) => [c.seq, c.prevSeq])).toEqual([[3, 1]]);
  });

  it('does not know the previous change of a host after a state from an older snapshot', () => {
    const state = { ...initialSessionsState(), changesKnownFrom: 40, lastSeq: 40 };
    const changes: SessionChange[] = [];
    foldEntries(state, [toLogEntry(loggedIn({ sessionId: 'a' }), 41)], changes);
    foldEntries(state, [toLogEntry(loggedOut('a'), 42)], changes);
    expect(changes.map((c) => [c.seq, c.prevSeq])).toEqual([
      [41, undefined],
      [42, 41],
    ]);
  });
});

describe('changedMessage', () => {
  const changes: SessionChange[] = [];
  foldEntries(
    initialSessionsState(),
    entries([loggedIn({ sessionId: 'a' }), loggedOut('a')]),
    changes,
  );

  it("writes TrueNAS's ADDED: id and the dump, no current or internal, then our keys", () => {
    const message = changedMessage(changes[0]);
    expect(Object.keys(message)).toEqual([
      'msg',
      'collection',
      'fields',
      'host',
      'seq',
      'index',
      'count',
      'prev_seq',
    ]);
    expect(Object.keys(message.fields)).toEqual([
      'id',
      'origin',
      'credentials',
      'credentials_data',
      'created_at',
    ]);
    expect(message).toMatchObject({
      msg: 'added',
      collection: 'auth.sessions',
      fields: { id: 'a', origin: '192.168.1.50:51234', credentials: 'LOGIN_PASSWORD' },
      host: 'truenas',
      seq: 1,
      index: 0,
      count: 1,
      prev_seq: 0,
    });
  });

  it("writes TrueNAS's REMOVED with the id only, and leaves out an unknown prev_seq", () => {
    expect(changedMessage(changes[1])).toEqual({
      msg: 'removed',
      collection: 'auth.sessions',
      fields: { id: 'a' },
      host: 'truenas',
      seq: 2,
      index: 0,
      count: 1,
      prev_seq: 1,
    });
    expect('prev_seq' in changedMessage({ ...changes[1], prevSeq: undefined })).toBe(false);
  });
});
