import type { SessionRow } from '@authtrail/contracts';
import type { SessionsCounters } from './sessions-state';
import type { SnapshotHead, SnapshotHost } from './sessions-snapshot';

/** Format 2 (before rows in columns): an object per row, with its keys. */
export interface SnapshotV2 extends SnapshotHead {
  version: 2;
  hosts: (SnapshotHost & { sessions: SessionRow[] })[];
}

/** Format 1 (before early logouts and trusted boot starts): no early logouts, one counter less. */
export type SnapshotV1 = Omit<SnapshotV2, 'version' | 'earlyLogouts' | 'counters'> & {
  version: 1;
  counters: Omit<SessionsCounters, 'loginsAfterLogout'>;
};

/**
 * A format-1 snapshot as format 2: nothing remembered of early logouts, and the boot starts as
 * format 1 kept them (the earliest occurred_at of each boot, judged by the rules of then).
 */
export function migrated(snapshot: SnapshotV1): SnapshotV2 {
  return {
    ...snapshot,
    version: 2,
    counters: { ...snapshot.counters, loginsAfterLogout: 0 },
    earlyLogouts: [],
  };
}
