import type Database from 'better-sqlite3';

/**
 * A job a read worker runs: synchronous work over the worker's own read-only connection to the
 * log file. Its result is sent back by structured clone.
 */
export type ReadJob = (db: Database.Database, payload: never) => unknown;

/** What a job module exports: its jobs by name. */
export type ReadJobs = Record<string, ReadJob>;

/** A job to run: the module that defines it (a path require resolves), its name, its input. */
export interface ReadJobRequest {
  module: string;
  name: string;
  payload: unknown;
}
