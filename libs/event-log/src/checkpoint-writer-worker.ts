import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkpointInserter, type CheckpointRowToWrite } from './checkpoint-sql';
import { lowerThreadPriority } from './thread-priority';

/**
 * Worker entry of CheckpointWriter: its own connection to the log file, which inserts the
 * projection checkpoints it is sent, one transaction (and fsync) each.
 */
if (parentPort) {
  const port = parentPort;
  lowerThreadPriority();
  const db = new Database((workerData as { path: string }).path, {
    fileMustExist: true,
    timeout: 10_000,
  });
  db.pragma('synchronous = FULL');
  const insert = checkpointInserter(db);
  port.on('message', ({ id, row }: { id: number; row?: CheckpointRowToWrite }) => {
    if (!row) {
      db.close();
      port.postMessage({ id });
      return;
    }
    try {
      insert(row);
      port.postMessage({ id });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
