import { createHash } from 'node:crypto';
import type { LogEntry } from '@authtrail/contracts';
import { chainHash, entryHash, GENESIS_HASH } from './entry-hash';

const BOOT = '00000000-0000-4000-8000-0000000000b0';
const EVENT = '00000000-0000-4000-8000-000000000001';

/** A redacted login as the log stores it; its hash was taken when the chain format was fixed. */
const entry: Omit<LogEntry, 'hash'> = {
  seq: 1,
  event_id: EVENT,
  kind: 'login',
  host: 'nas-1',
  boot_id: BOOT,
  occurred_at: '2025-03-01T00:00:00.000Z',
  recorded_at: '2025-03-01T00:00:00.123Z',
  event: {
    boot_id: BOOT,
    event_id: EVENT,
    host: 'nas-1',
    kind: 'login',
    occurred_at: '2025-03-01T00:00:00.000Z',
    session: {
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: 'root', password: '<redacted>' },
      id: 's-1',
      internal: false,
      origin: '10.0.0.1:40000',
    },
    version: 1,
  },
  stream_seq: 1,
  redacted: ['session.credentials_data.password'],
};

describe('entry hash', () => {
  it('is the known digest for a known entry (logs written by every earlier build verify)', () => {
    expect(entryHash(GENESIS_HASH, entry)).toBe(
      'ea48767e9cb8ce7ef9835f7b2ae0b2a9307057cd0ea5bd6b5c9ba47bd7f45728',
    );
  });

  it('is SHA-256 over the previous hash followed by the canonical text', () => {
    const text = '{"a":"é ✓ \\u0000"}';
    const previous = 'f'.repeat(64);
    const expected = createHash('sha256').update(previous).update(text).digest('hex');
    expect(chainHash(previous, text)).toBe(expected);
  });
});
