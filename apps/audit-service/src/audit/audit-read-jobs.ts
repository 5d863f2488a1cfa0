import type { LogReads, ReadJobRequest, ReadJobs } from '@authtrail/event-log';
import { alertRows, type DetectionConfig } from '@authtrail/detections';
import { activeSessions } from '@authtrail/sessions';
import { filterList, type QueryLimits, type QueryResult } from '@authtrail/filter-list';
import { detectionsAt } from './alerts-time-travel';
import type { PointInTime } from './audit-requests';
import { queryLog } from './log-query';
import { settle, type Settled } from './query-failure';
import { readReplayWindow, type ReplayWindowJob } from './replay-window';
import { TimeTravel } from './time-travel';

/** `audit.sessions.at` for one resolved host, as a read job. */
export interface SessionsAtJob {
  host: string;
  seq?: number;
  atMs?: number;
  callerSessionId?: string;
  filters: unknown;
  options: unknown;
  limits: QueryLimits;
}

/** Its answer: the result, and snapshots found not to match the log on the way. */
export type SessionsAtAnswer = Settled<QueryResult> & { mismatched: number[] };

/** `audit.alerts.at`, as a read job. */
export interface AlertsAtJob extends PointInTime {
  config: DetectionConfig;
  filters: unknown;
  options: unknown;
  limits: QueryLimits;
}

const travels = new WeakMap<LogReads, TimeTravel>();

function timeTravelOn(reads: LogReads): TimeTravel {
  let travel = travels.get(reads);
  if (!travel) travels.set(reads, (travel = new TimeTravel(reads)));
  return travel;
}

/**
 * The audit reads that may take long at a large log, run on the read pool's threads (each with
 * its own read-only connection), so that the service's event loop never waits for them.
 */
export const readJobs: ReadJobs = {
  logQuery: (reads: LogReads, job: { filters: unknown; options: unknown; limits: QueryLimits }) =>
    settle(() =>
      queryLog(
        (criteria, descending) => reads.entries(criteria, descending),
        job.filters,
        job.options,
        job.limits,
      ),
    ),
  sessionsAt: (reads: LogReads, job: SessionsAtJob): SessionsAtAnswer => {
    const travel = timeTravelOn(reads);
    const settled = settle(() => {
      const state =
        job.seq !== undefined
          ? travel.atSeq(job.host, job.seq)
          : travel.atTime(job.host, job.atMs!);
      return filterList(
        activeSessions(state, job.host, job.callerSessionId),
        job.filters,
        job.options,
        job.limits,
      );
    });
    return { ...settled, mismatched: travel.mismatched.splice(0) };
  },
  alertsAt: (reads: LogReads, job: AlertsAtJob): Settled<QueryResult> =>
    settle(() =>
      filterList(
        alertRows(detectionsAt(reads, job.config, job)),
        job.filters,
        job.options,
        job.limits,
      ),
    ),
  replayWindow: (reads: LogReads, job: ReplayWindowJob): Settled<string[]> =>
    settle(() => readReplayWindow(reads, job)),
  lastEntries: (reads: LogReads, job: { hosts: string[] }) =>
    settle(() => reads.lastEntries(job.hosts)),
};

const MODULE = __filename.replace(/\.[jt]s$/, '');

/** A job of this module for the read pool. */
export function auditReadJob(name: keyof typeof readJobs, payload: unknown): ReadJobRequest {
  return { module: MODULE, name, payload };
}
