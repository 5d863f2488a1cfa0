import type { LogReads, ReadJobs } from './read-jobs';

/** The chain check as a read job (a range of it, on a worker's own connection). */
export const readJobs: ReadJobs = {
  verify: (reads: LogReads, range: { fromSeq: number; toSeq: number }) =>
    reads.verify(range.fromSeq, range.toSeq),
};

/** The module to name in a ReadJobRequest for these jobs. */
export const VERIFY_JOBS = __filename.replace(/\.[jt]s$/, '');
