import { hash } from 'node:crypto';
import type { LogEntry } from '@authtrail/contracts';
import { canonicalJson } from './canonical-json';

/** The hash that stands before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: all of them but the hash itself. */
export type HashedFields = Omit<LogEntry, 'hash' | 'event' | 'redacted'>;

const str = JSON.stringify;

/**
 * The canonical JSON of an entry (keys sorted, as canonicalJson writes it), built from the stored
 * canonical texts of its event and redacted list so that verifying needs no JSON parsing.
 */
export function canonicalEntryText(
  entry: HashedFields,
  eventJson: string,
  redactedJson: string,
): string {
  return (
    `{"boot_id":${str(entry.boot_id)},"event":${eventJson},"event_id":${str(entry.event_id)}` +
    `,"host":${str(entry.host)},"kind":${str(entry.kind)},"occurred_at":${str(entry.occurred_at)}` +
    `,"recorded_at":${str(entry.recorded_at)},"redacted":${redactedJson},"seq":${entry.seq}` +
    `,"stream_seq":${entry.stream_seq}}`
  );
}

/** The JSON text of a whole entry: its canonical text with the hash as a last member. */
export function entryJsonText(canonicalText: string, hash: string): string {
  return `${canonicalText.slice(0, -1)},"hash":"${hash}"}`;
}

/** SHA-256 (hex) over the previous entry's hash and the entry's canonical text. */
export function chainHash(previousHash: string, canonicalText: string): string {
  // One-shot hash of the concatenation: the same digest as two updates, at half the cost.
  return hash('sha256', previousHash + canonicalText, 'hex');
}

/**
 * chainHash() over bytes laid out for it: the previous hash's 64 hex digits, then the canonical
 * text as UTF-8 (a writer that has the text's bytes anyway hashes them instead of the string).
 */
export function chainHashOfBytes(previousHashThenText: Uint8Array): string {
  return hash('sha256', previousHashThenText, 'hex');
}

/** The hash of an entry given as objects (tests and tools; the log uses the stored texts). */
export function entryHash(previousHash: string, entry: Omit<LogEntry, 'hash'>): string {
  return chainHash(
    previousHash,
    canonicalEntryText(entry, canonicalJson(entry.event), canonicalJson(entry.redacted)),
  );
}
