import { checkpointFeedSubject, cosignedCheckpointKey, originToken } from './transparency';

describe('originToken', () => {
  it('keeps letters, digits, _ and - and escapes every other byte as =XX', () => {
    expect(originToken('authtrail-log_1')).toBe('authtrail-log_1');
    expect(originToken('example.com/log')).toBe('example=2Ecom=2Flog');
    expect(originToken('a=b')).toBe('a=3Db');
    expect(originToken('é')).toBe('=C3=A9');
  });

  it('never maps two origins to one token', () => {
    const origins = ['a.b', 'a=2Eb', 'a_b', 'a-b', 'a/b', 'a=b', 'a==b', 'é', '=C3=A9'];
    expect(new Set(origins.map(originToken)).size).toBe(origins.length);
  });

  it('gives one subject token, usable as a key-value key', () => {
    for (const origin of ['x.y z*>', 'log.example/1', '日本']) {
      const token = originToken(origin);
      expect(token).toMatch(/^[-/_=.A-Za-z0-9]+$/);
      expect(token).not.toMatch(/[.*> ]/);
      expect(checkpointFeedSubject(origin)).toBe(`audit.checkpoint.${token}`);
    }
  });
});

describe('cosignedCheckpointKey', () => {
  it("is the origin's key, .witness. and the witness's token: one key per origin and witness", () => {
    expect(cosignedCheckpointKey('example.com/log', 'w1.example')).toBe(
      'example=2Ecom=2Flog.witness.w1=2Eexample',
    );
    const pairs = [
      ['a', 'b.witness.c'],
      ['a.witness.b', 'c'],
      ['a', 'b'],
      ['b', 'a'],
    ];
    expect(new Set(pairs.map(([o, w]) => cosignedCheckpointKey(o, w))).size).toBe(pairs.length);
  });
});
