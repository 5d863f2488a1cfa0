import type { LogEntry } from '@authtrail/contracts';
import { booted, loggedIn } from '../../../test/fixtures/auth-events';
import { entryHash, GENESIS_HASH } from './entry-hash';
import { checkImportedEntry, type ChainTail } from './import-check';

const EMPTY: ChainTail = { seq: 0, hash: GENESIS_HASH, streamSeq: 0 };

/** Entries 1..n of a chain, as a peer's log would send them. */
function chain(n: number): LogEntry[] {
  const entries: LogEntry[] = [];
  let previous = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const event = seq % 2 ? loggedIn() : booted();
    const unhashed = {
      seq,
      event_id: event.event_id,
      kind: event.kind,
      host: event.host,
      boot_id: event.boot_id,
      occurred_at: event.occurred_at,
      recorded_at: '2026-01-01T00:00:00.000Z',
      event,
      stream_seq: seq * 2,
      redacted: [],
    };
    previous = entryHash(previous, unhashed);
    entries.push({ ...unhashed, hash: previous });
  }
  return entries;
}

const tailOf = (entry: LogEntry): ChainTail => ({
  seq: entry.seq,
  hash: entry.hash,
  streamSeq: entry.stream_seq,
});

const reason = (candidate: unknown, tail: ChainTail = EMPTY) => {
  const result = checkImportedEntry(candidate, tail);
  return result.ok ? undefined : result.reason;
};

describe('checkImportedEntry', () => {
  it('accepts a chain entry by entry, with the texts the log stores', () => {
    const [first, second] = chain(2);
    const result = checkImportedEntry(first, EMPTY);
    expect(result).toEqual({
      ok: true,
      checked: {
        entry: first,
        eventJson: expect.any(String),
        redactedJson: '[]',
        text: expect.stringMatching(/^\{"boot_id":.*,"seq":1,"stream_seq":2\}$/),
      },
    });
    expect(reason(second, tailOf(first))).toBeUndefined();
  });

  it('accepts an entry that went through JSON, as a replay sends it', () => {
    const [first] = chain(1);
    expect(reason(JSON.parse(JSON.stringify(first)))).toBeUndefined();
  });

  it('refuses an entry that does not follow the tail', () => {
    const [first, second, third] = chain(3);
    expect(reason(second)).toBe('entry 2 came where entry 1 belongs');
    expect(reason(third, tailOf(first))).toBe('entry 3 came where entry 2 belongs');
    expect(reason(second, { ...tailOf(first), hash: 'f'.repeat(64) })).toBe(
      'entry 2 does not match its hash or does not follow entry 1',
    );
    expect(reason(second, { ...tailOf(first), streamSeq: 4 })).toBe(
      'entry 2 has stream_seq 4, not after 4',
    );
  });

  it('refuses an entry edited after it was hashed', () => {
    const [first] = chain(1);
    expect(reason({ ...first, recorded_at: '2026-01-01T00:00:00.001Z' })).toMatch(
      /does not match its hash/,
    );
    expect(reason({ ...first, redacted: ['session.credentials_data.password'] })).toMatch(
      /does not match its hash/,
    );
    const event = { ...first.event, occurred_at: '2025-01-15T09:00:01Z' };
    expect(reason({ ...first, event, occurred_at: event.occurred_at })).toMatch(
      /does not match its hash/,
    );
  });

  it.each([
    ['a list', [], 'is not an object'],
    ['a seq of 0', { seq: 0 }, 'has no valid seq'],
    ['a text stream_seq', { stream_seq: '2' }, 'has no valid stream_seq'],
    ['a short hash', { hash: 'abc' }, 'has no valid hash'],
    ['no recorded_at', { recorded_at: undefined }, 'has no recorded_at text'],
    ['an unknown kind', { kind: 'sudo' }, 'has an unknown kind'],
    ['a bad time', { occurred_at: 'yesterday' }, 'has an unreadable occurred_at'],
    ['no redacted list', { redacted: [1] }, 'has no list of redacted paths'],
    ['no event', { event: 'x' }, 'has no event object'],
    ['another host than its event', { host: 'other' }, 'disagrees with its event on host'],
  ])('refuses an entry with %s', (_what, change, expected) => {
    const [first] = chain(1);
    const candidate = Array.isArray(change) ? change : { ...first, ...change };
    expect(reason(candidate)).toBe(`the entry after seq 0 ${expected}`);
  });

  it('refuses events that could not be indexed', () => {
    const [first] = chain(1);
    const { session: _session, ...withoutSession } = first.event as LogEntry['event'] & {
      session: unknown;
    };
    expect(reason({ ...first, event: withoutSession })).toBe(
      'the entry after seq 0 has a session event without a session',
    );
  });
});
