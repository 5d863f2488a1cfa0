import type { DetectionSnapshotStore, SnapshotStore } from './event-log';
import type { ReadPoolOptions } from './read-pool';
import type { UpgradeProgress } from './tree-upgrade';
import { SqliteAuditReader, type AuditReader } from './sqlite-audit-reader';
import type { SqliteSnapshots } from './sqlite-snapshots';
import { SqliteEventLog } from './sqlite-event-log';

export interface LogStoreOptions {
  /** Large projection snapshots are written on a thread of their own (ingest waits for them). */
  snapshotsInBackground?: boolean;
  /** The read side's worker threads and queue (READ_POOL_DEFAULTS otherwise). */
  readPool?: ReadPoolOptions;
  /** Hears how an upgrade that reads every entry (building the tree) is going. */
  onUpgradeProgress?: UpgradeProgress;
}

/** The log file opened for the service: the log, its projection snapshots and its read side. */
export interface LogStore {
  readonly log: SqliteEventLog;
  /**
   * The projection snapshots, on the log's own connection. Made at first use: a start that
   * first imports history from a peer creates them only once the import is done.
   */
  readonly snapshots: SnapshotStore;
  /** The detections' saved states, on the log's own connection, made at first use too. */
  readonly detectionSnapshots: DetectionSnapshotStore;
  /** Read-only connections for queries, replay and verification, and their worker threads. */
  readonly reader: AuditReader;
  /**
   * Closes the read side, then the snapshots once what they write is in the file, then the
   * log after its last write-ahead log checkpoint.
   */
  close(): Promise<void>;
}

/**
 * Opens the log at `path` for writing (throws LogLockedError when another process writes it,
 * LogSchemaError when it is not a log this build may open) and its read side.
 */
export function openLogStore(path: string, options: LogStoreOptions = {}): LogStore {
  const log = new SqliteEventLog(path, { onUpgradeProgress: options.onUpgradeProgress });
  let reader: AuditReader;
  try {
    reader = new SqliteAuditReader(path, options.readPool);
  } catch (error) {
    log.close();
    throw error;
  }
  let snapshots: SqliteSnapshots | undefined;
  let detectionSnapshots: DetectionSnapshotStore | undefined;
  return {
    log,
    reader,
    get snapshots() {
      return (snapshots ??= log.openSnapshots({
        inBackground: options.snapshotsInBackground,
      }));
    },
    get detectionSnapshots() {
      return (detectionSnapshots ??= log.openDetectionSnapshots());
    },
    async close() {
      reader.close();
      await snapshots?.close();
      await log.closeAfterCheckpoint();
    },
  };
}
