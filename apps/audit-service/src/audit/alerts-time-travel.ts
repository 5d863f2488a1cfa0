import type { LogReads } from '@authtrail/event-log';
import {
  Detector,
  fromDetectionSnapshot,
  initialDetectionState,
  type DetectionConfig,
  type DetectionSnapshot,
  type DetectionState,
} from '@authtrail/detections';
import type { PointInTime } from './audit-requests';

/**
 * The detections as they stood at a time or after a log entry, read from one connection: the
 * nearest saved state, then only the entries after it. At a time T it is the fold, in log order,
 * of every entry that occurred at or before T, as for `audit.sessions.at`: it starts from a saved
 * state no later than the newest projection snapshot all of whose entries occurred by T, and
 * reads up to the first one after which nothing occurred by T.
 */
export function detectionsAt(
  reads: LogReads,
  config: DetectionConfig,
  point: PointInTime,
): DetectionState {
  let startBy: number;
  let toSeq: number | undefined;
  if (point.seq !== undefined) {
    startBy = point.seq;
    toSeq = point.seq;
  } else {
    const found = reads.snapshots.forTime(point.atMs!);
    startBy = found.snapshot?.seq ?? 0;
    toSeq = found.untilSeq;
  }
  let state = initialDetectionState();
  const saved = startBy > 0 ? reads.detectionSnapshots.atOrBefore(startBy) : undefined;
  if (saved && reads.hashAt(saved.seq) === saved.entryHash) {
    const restored = fromDetectionSnapshot(JSON.parse(saved.state) as DetectionSnapshot, config);
    if (restored) state = restored;
  }
  const detector = new Detector(config);
  const criteria = { fromSeq: state.lastSeq + 1, toSeq, occurredByMs: point.atMs };
  for (const entry of reads.entries(criteria)) detector.detect(state, entry);
  return state;
}
