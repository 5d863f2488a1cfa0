import type Database from 'better-sqlite3';
import { verifyChain } from './chain-verifier';
import type { ReadJobs } from './read-jobs';

/** The chain check as a read job (a range of it, on a worker's own connection). */
export const readJobs: ReadJobs = {
  verify: (db: Database.Database, range: { fromSeq: number; toSeq: number }) =>
    verifyChain(db, range.fromSeq, range.toSeq),
};

/** The module to name in a ReadJobRequest for these jobs. */
export const VERIFY_JOBS = __filename.replace(/\.[jt]s$/, '');
