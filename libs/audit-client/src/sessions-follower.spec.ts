import type { SessionRow, SessionsChanged } from '@authtrail/contracts';
import { SessionsFollower } from './sessions-follower';

const row = (id: string, at = 1000): SessionRow => ({
  id,
  current: false,
  internal: false,
  origin: '10.0.0.1:1',
  credentials: 'LOGIN_PASSWORD',
  credentials_data: { username: id },
  created_at: { $date: at },
});

function added(
  id: string,
  seq: number,
  index = 0,
  prevSeq?: number,
  at = 1000,
  count = index + 1,
): SessionsChanged {
  const { current: _c, internal: _i, ...fields } = row(id, at);
  return {
    msg: 'added',
    collection: 'auth.sessions',
    fields,
    host: 'h',
    seq,
    index,
    count,
    ...(prevSeq !== undefined && { prev_seq: prevSeq }),
  };
}

function removed(
  id: string,
  seq: number,
  index = 0,
  prevSeq?: number,
  count = index + 1,
): SessionsChanged {
  return {
    msg: 'removed',
    collection: 'auth.sessions',
    fields: { id },
    host: 'h',
    seq,
    index,
    count,
    ...(prevSeq !== undefined && { prev_seq: prevSeq }),
  };
}

const ids = (follower: SessionsFollower) => follower.rows().map((r) => r.id);

describe('SessionsFollower', () => {
  it('drops changes at or before the snapshot seq and applies the ones after it', () => {
    const follower = new SessionsFollower();
    follower.reset('h', 10, [row('a'), row('b')]);
    expect(follower.apply(removed('a', 9, 0, 4))).toBe('old');
    expect(follower.apply(added('z', 10, 0, 9))).toBe('old');
    expect(follower.apply(removed('a', 12, 0, 10))).toBe('applied');
    expect(follower.apply(added('c', 13, 0, 12))).toBe('applied');
    expect(ids(follower)).toEqual(['b', 'c']);
    expect(follower.position).toBe(13);
  });

  it('is tolerant of a snapshot that already holds later changes', () => {
    const follower = new SessionsFollower();
    // the query read 'c' (added at 12) and missed 'a' (removed at 11) after its seq 10
    follower.reset('h', 10, [row('b'), row('c')]);
    expect(follower.apply(removed('a', 11, 0, 7))).toBe('applied');
    expect(follower.apply(added('c', 12, 0, 11))).toBe('applied');
    expect(ids(follower)).toEqual(['b', 'c']);
  });

  it('applies the changes of one entry in their order and drops a repeat of any of them', () => {
    const follower = new SessionsFollower();
    follower.reset('h', 5, [row('a'), row('b')]);
    expect(follower.apply(removed('a', 8, 0, 5, 3))).toBe('applied');
    expect(follower.apply(removed('a', 8, 0, 5, 3))).toBe('old');
    expect(follower.apply(removed('b', 8, 1, 5, 3))).toBe('applied');
    expect(follower.apply(added('n', 8, 2, 5, 1000, 3))).toBe('applied');
    expect(follower.apply(removed('b', 8, 1, 5, 3))).toBe('old');
    expect(ids(follower)).toEqual(['n']);
    expect(follower.apply(removed('n', 9, 0, 8))).toBe('applied');
  });

  it('finds a gap: an unseen prev_seq, none, a skipped index, an entry left incomplete', () => {
    const follower = new SessionsFollower();
    follower.reset('h', 5, []);
    expect(follower.apply(added('a', 9, 0, 7))).toBe('gap');
    expect(follower.apply(added('a', 9, 0))).toBe('gap');
    expect(follower.apply(added('a', 9, 1, 5))).toBe('gap');
    expect(follower.apply(added('a', 9, 0, 5, 1000, 3))).toBe('applied');
    expect(follower.apply(added('b', 9, 2, 5, 1000, 3))).toBe('gap');
    // the entry's last change never came: the next entry does not follow on
    expect(follower.apply(added('c', 9, 1, 5, 1000, 3))).toBe('applied');
    expect(follower.apply(added('d', 10, 0, 9))).toBe('gap');
    expect(ids(follower)).toEqual(['a', 'c']);
  });

  it('keeps rows oldest first by created_at, ties in the order seen', () => {
    const follower = new SessionsFollower();
    follower.reset('h', 1, [row('x', 1000), row('y', 3000)]);
    follower.apply(added('late', 2, 0, 1, 2000));
    follower.apply(added('tie', 3, 0, 2, 3000));
    follower.apply(removed('x', 4, 0, 3));
    follower.apply(added('x', 5, 0, 4, 1000));
    expect(ids(follower)).toEqual(['x', 'late', 'y', 'tie']);
  });

  it('gives the rows of an ADDED as auth.sessions lists them: not internal, not current', () => {
    const follower = new SessionsFollower();
    follower.reset('h', 1, []);
    follower.apply(added('a', 2, 0, 1));
    expect(follower.rows()).toEqual([row('a')]);
  });

  it('on a second reset, returns the changes from the rows held to the rows read', () => {
    const follower = new SessionsFollower();
    follower.reset('h', 1, [row('a'), row('b'), row('c')]);
    const changed = { ...row('c'), origin: '10.9.9.9:9' };
    const made = follower.reset('h', 20, [row('b'), changed, row('d')]);
    expect(made.map((c) => [c.msg, c.fields.id, c.seq, c.index, c.count])).toEqual([
      ['removed', 'a', 20, 0, 3],
      ['added', 'c', 20, 1, 3],
      ['added', 'd', 20, 2, 3],
    ]);
    expect(follower.rows()).toEqual([row('b'), changed, row('d')]);
    expect(follower.apply(removed('b', 20, 0, 3))).toBe('old');
  });
});
