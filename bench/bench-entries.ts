import type { AuthEvent, LogEntry } from '@authtrail/contracts';
import { newLogEntry } from '../test/fixtures/log-entries';

/**
 * `event` as the log's entry `seq` would hold it, stored at `recordedMs`, with a stand-in for its
 * chain hash: what the in-process folds of the detections take.
 */
export function benchLogEntry(event: AuthEvent, seq: number, recordedMs: number): LogEntry {
  return {
    ...newLogEntry(event, seq, new Date(recordedMs).toISOString()),
    seq,
    hash: seq.toString(16).padStart(64, '0'),
  };
}
