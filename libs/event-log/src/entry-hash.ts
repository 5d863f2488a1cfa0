import { createHash } from 'node:crypto';
import type { LogEntry } from '@authtrail/contracts';
import { canonicalJson } from './canonical-json';

/** The hash that stands before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: all of them but the hash itself. */
export type HashedFields = Omit<LogEntry, 'hash'>;

/** SHA-256 (hex) over the previous entry's hash and this entry's canonical JSON. */
export function entryHash(previousHash: string, entry: HashedFields): string {
  return createHash('sha256')
    .update(previousHash)
    .update(
      canonicalJson({
        seq: entry.seq,
        event_id: entry.event_id,
        kind: entry.kind,
        host: entry.host,
        boot_id: entry.boot_id,
        occurred_at: entry.occurred_at,
        recorded_at: entry.recorded_at,
        event: entry.event,
        stream_seq: entry.stream_seq,
        redacted: entry.redacted,
      }),
    )
    .digest('hex');
}
