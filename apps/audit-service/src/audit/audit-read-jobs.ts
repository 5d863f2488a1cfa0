import type Database from 'better-sqlite3';
import { selectEntries, type ReadJobRequest, type ReadJobs } from '@authtrail/event-log';
import { activeSessions } from '@authtrail/sessions';
import { filterList, type QueryLimits, type QueryResult } from '@authtrail/filter-list';
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

/** Its answer: the result, and checkpoints found not to match the log on the way. */
export type SessionsAtAnswer = Settled<QueryResult> & { mismatched: number[] };

const travels = new WeakMap<Database.Database, TimeTravel>();

function timeTravelOn(db: Database.Database): TimeTravel {
  let travel = travels.get(db);
  if (!travel) travels.set(db, (travel = new TimeTravel(db)));
  return travel;
}

/**
 * The audit reads that may take long at a large log, run on the read pool's threads (each with
 * its own read-only connection), so that the service's event loop never waits for them.
 */
export const readJobs: ReadJobs = {
  logQuery: (
    db: Database.Database,
    job: { filters: unknown; options: unknown; limits: QueryLimits },
  ) =>
    settle(() =>
      queryLog(
        (condition, descending) => selectEntries(db, condition, descending),
        job.filters,
        job.options,
        job.limits,
      ),
    ),
  sessionsAt: (db: Database.Database, job: SessionsAtJob): SessionsAtAnswer => {
    const travel = timeTravelOn(db);
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
  replayWindow: (db: Database.Database, job: ReplayWindowJob): Settled<string[]> =>
    settle(() => readReplayWindow(db, job)),
};

const MODULE = __filename.replace(/\.[jt]s$/, '');

/** A job of this module for the read pool. */
export function auditReadJob(name: keyof typeof readJobs, payload: unknown): ReadJobRequest {
  return { module: MODULE, name, payload };
}
