import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ReadJobRequest, ReadJobs } from './read-jobs';
import { SqliteLogReads } from './sqlite-log-reads';
import { lowerThreadPriority } from './thread-priority';

/** Worker entry of the read pool: runs jobs one at a time on its own read-only connection. */
interface ReadWorkerData {
  path: string;
}

if (parentPort) {
  const port = parentPort;
  // Heavy reads take what CPU the service's event loop leaves them.
  lowerThreadPriority();
  const reads = new SqliteLogReads(
    new Database((workerData as ReadWorkerData).path, { readonly: true, fileMustExist: true }),
  );
  const modules = new Map<string, ReadJobs>();
  const jobsOf = (module: string): ReadJobs => {
    let jobs = modules.get(module);
    if (!jobs) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jobs = (require(module) as { readJobs: ReadJobs }).readJobs;
      modules.set(module, jobs);
    }
    return jobs;
  };
  port.on('message', ({ id, job }: { id: number; job: ReadJobRequest }) => {
    try {
      const run = jobsOf(job.module)[job.name];
      if (!run) throw new Error(`no read job "${job.name}" in ${job.module}`);
      port.postMessage({ id, result: run(reads, job.payload as never) });
    } catch (error) {
      const { message, stack } = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id, error: { message, stack } });
    }
  });
}
