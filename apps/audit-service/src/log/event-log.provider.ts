import type { DetectionSnapshotStore, SnapshotStore, EventLog } from '@authtrail/event-log';

/** Injection token of the service's append-only log. */
export const EVENT_LOG = Symbol('EVENT_LOG');
/** Injection token of the projection snapshots stored beside the log. */
export const SNAPSHOTS = Symbol('SNAPSHOTS');
export type { SnapshotStore, EventLog };
/** Injection token of the detections' saved states stored beside the log. */
export const DETECTION_SNAPSHOTS = Symbol('DETECTION_SNAPSHOTS');
export type { DetectionSnapshotStore };
/** Injection token of the read side of the log (queries, replay, verify). */
export const AUDIT_READER = Symbol('AUDIT_READER');
export type { AuditReader } from '@authtrail/event-log';
