export * from './sessions-state';
export * from './evolve';
export * from './active-sessions';
export * from './sessions-snapshot';
export * from './session-list';
export * from './session-changes';
export type { RowColumns } from './snapshot-columns';
export type { SnapshotV1, SnapshotV2 } from './older-snapshots';
