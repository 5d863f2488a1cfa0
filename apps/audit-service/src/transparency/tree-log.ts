import type { SqliteEventLog } from '@authtrail/event-log';

/** What the verifiable log reads and keeps of the event log: its tree and signed checkpoints. */
export type TreeLog = Pick<
  SqliteEventLog,
  'lastSeq' | 'treeReader' | 'leafText' | 'signedCheckpoints'
>;
