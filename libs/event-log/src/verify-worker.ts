import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verifyChain } from './chain-verifier';

/** Worker entry: verifies one seq range of the log file with its own read-only connection. */
interface VerifyJob {
  path: string;
  fromSeq: number;
  toSeq: number;
}

if (parentPort) {
  const job = workerData as VerifyJob;
  const db = new Database(job.path, { readonly: true, fileMustExist: true });
  try {
    parentPort.postMessage(verifyChain(db, job.fromSeq, job.toSeq));
  } finally {
    db.close();
  }
}
