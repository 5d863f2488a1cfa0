import type { Alert } from './alert';
import { configFingerprint, type DetectionConfig } from './detection-config';
import {
  countsDistinct,
  initialDetectionState,
  newHostDetections,
  WINDOW_RULES,
  type DetectionCounters,
  type DetectionState,
  type WindowRule,
} from './detection-state';
import { KeyWindow } from './key-window';

export const DETECTION_SNAPSHOT_VERSION = 1;

/** A window item as saved: `[at, seq]` or `[at, seq, value]`. */
type SavedItem = [number, number] | [number, number, string];
type SavedAlert = Omit<Alert, 'row'>;

/** The JSON form of a detection state, saved beside the log with the seq it stands after. */
export interface DetectionSnapshot {
  version: typeof DETECTION_SNAPSHOT_VERSION;
  /** The configuration it was folded with (`configFingerprint`). */
  config: string;
  lastSeq: number;
  closedKept: number;
  counters: DetectionCounters;
  alerts: SavedAlert[];
  hosts: {
    host: string;
    clock: number;
    /** null: no alert open. */
    nextCloseAt: number | null;
    nextSweepAt: number;
    windows: Record<WindowRule, [string, SavedItem[]][]>;
    /** The ids of its open alerts, in the order they opened. */
    open: string[];
    origins: [string, string[]][];
  }[];
}

function savedAlert(alert: Alert): SavedAlert {
  const { row: _row, ...saved } = alert;
  return { ...saved, seqs: [...saved.seqs] };
}

export function toDetectionSnapshot(
  state: DetectionState,
  config: DetectionConfig,
): DetectionSnapshot {
  return {
    version: DETECTION_SNAPSHOT_VERSION,
    config: configFingerprint(config),
    lastSeq: state.lastSeq,
    closedKept: state.closedKept,
    counters: structuredClone(state.counters),
    alerts: state.alerts.map(savedAlert),
    hosts: [...state.hosts].map(([host, value]) => ({
      host,
      clock: value.clock,
      nextCloseAt: Number.isFinite(value.nextCloseAt) ? value.nextCloseAt : null,
      nextSweepAt: value.nextSweepAt,
      windows: Object.fromEntries(
        WINDOW_RULES.map((rule) => [
          rule,
          [...value.windows[rule]].map(([key, window]) => [
            key,
            window
              .toArray()
              .map((item): SavedItem =>
                item.value === undefined ? [item.at, item.seq] : [item.at, item.seq, item.value],
              ),
          ]),
        ]),
      ) as DetectionSnapshot['hosts'][number]['windows'],
      open: [...value.open].map((alert) => alert.id),
      origins: [...value.origins].map(([username, seen]) => [username, [...seen]]),
    })),
  };
}

/**
 * The state a snapshot holds, to fold further with `config`; undefined when it was folded with
 * another configuration or is of a format this build does not read: the fold starts over then.
 */
export function fromDetectionSnapshot(
  snapshot: DetectionSnapshot,
  config: DetectionConfig,
): DetectionState | undefined {
  if (snapshot.version !== DETECTION_SNAPSHOT_VERSION) return undefined;
  if (snapshot.config !== configFingerprint(config)) return undefined;
  const state = initialDetectionState();
  state.lastSeq = snapshot.lastSeq;
  state.closedKept = snapshot.closedKept;
  state.counters = structuredClone(snapshot.counters);
  state.alerts = snapshot.alerts.map((alert) => ({ ...alert, seqs: [...alert.seqs] }));
  const byId = new Map(state.alerts.map((alert) => [alert.id, alert]));
  for (const saved of snapshot.hosts) {
    const host = newHostDetections(saved.clock, saved.nextSweepAt);
    host.nextCloseAt = saved.nextCloseAt ?? Number.POSITIVE_INFINITY;
    for (const rule of WINDOW_RULES) {
      for (const [key, items] of saved.windows[rule]) {
        let window: KeyWindow | undefined;
        for (const [at, seq, value] of items) {
          if (window) window.add(at, seq, value);
          else window = new KeyWindow(countsDistinct(rule), at, seq, value);
        }
        if (window) host.windows[rule].set(key, window);
      }
    }
    for (const id of saved.open) {
      const alert = byId.get(id);
      if (!alert) continue;
      host.open.add(alert);
      host.openByKey[alert.rule].set(alert.key, alert);
    }
    host.origins = new Map(saved.origins.map(([username, seen]) => [username, new Set(seen)]));
    state.hosts.set(saved.host, host);
  }
  return state;
}
