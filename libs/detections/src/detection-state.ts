import { ALERT_RULES, type AlertRule } from '@authtrail/contracts';
import type { Alert } from './alert';
import type { KeyWindow } from './key-window';

/** The rules that count failures in a window per key (all but `new_origin`). */
export const WINDOW_RULES = ['brute_force', 'spraying', 'distributed', 'break_in'] as const;
export type WindowRule = (typeof WINDOW_RULES)[number];

/** Whether `rule` counts distinct values (usernames, addresses) rather than failures. */
export const countsDistinct = (rule: WindowRule): boolean =>
  rule === 'spraying' || rule === 'distributed';

/** Addresses remembered per user and host for `new_origin` (the least recently seen forgotten). */
export const ORIGINS_PER_USER = 1000;

/** What the fold keeps of one host. */
export interface HostDetections {
  /** The host's clock: the newest detection time of its entries (ms). */
  clock: number;
  /** No open alert of the host closes before this (Infinity with none open). */
  nextCloseAt: number;
  /** When the windows are next swept of what no entry can count any more. */
  nextSweepAt: number;
  /** Per rule, the failures it still needs, by key. */
  windows: Record<WindowRule, Map<string, KeyWindow>>;
  /** Open alerts, in the order they opened. */
  open: Set<Alert>;
  /** The same open alerts, per rule by key. */
  openByKey: Record<AlertRule, Map<string, Alert>>;
  /** `new_origin`: per username, the addresses seen, least recently seen first. */
  origins: Map<string, Set<string>>;
}

export interface DetectionCounters {
  opened: Record<AlertRule, number>;
  closed: Record<AlertRule, number>;
  /** Entries more than a rule's window behind their host's clock: no rule counted them. */
  lateEntries: number;
  /** Closed alerts forgotten beyond `alertsKept`. */
  forgotten: number;
}

/** The detections folded from the log up to `lastSeq`. */
export interface DetectionState {
  lastSeq: number;
  hosts: Map<string, HostDetections>;
  /** Every alert kept, open and closed, in the order they opened. */
  alerts: Alert[];
  /** How many of `alerts` are closed. */
  closedKept: number;
  counters: DetectionCounters;
}

const perRule = (): Record<AlertRule, number> =>
  Object.fromEntries(ALERT_RULES.map((rule) => [rule, 0])) as Record<AlertRule, number>;

export function newHostDetections(clock: number, nextSweepAt: number): HostDetections {
  return {
    clock,
    nextCloseAt: Number.POSITIVE_INFINITY,
    nextSweepAt,
    windows: {
      brute_force: new Map(),
      spraying: new Map(),
      distributed: new Map(),
      break_in: new Map(),
    },
    open: new Set(),
    openByKey: {
      brute_force: new Map(),
      spraying: new Map(),
      distributed: new Map(),
      break_in: new Map(),
      new_origin: new Map(),
    },
    origins: new Map(),
  };
}

export function initialDetectionState(): DetectionState {
  return {
    lastSeq: 0,
    hosts: new Map(),
    alerts: [],
    closedKept: 0,
    counters: { opened: perRule(), closed: perRule(), lateEntries: 0, forgotten: 0 },
  };
}

/** Open alerts per rule, across hosts. */
export function openAlertCounts(state: DetectionState): Record<AlertRule, number> {
  const counts = perRule();
  for (const host of state.hosts.values()) {
    for (const alert of host.open.values()) counts[alert.rule]++;
  }
  return counts;
}
