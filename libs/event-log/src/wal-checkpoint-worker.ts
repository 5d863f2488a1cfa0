import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { lowerThreadPriority } from './thread-priority';

/**
 * Worker entry of WalCheckpointer: its own connection to the log file, which copies the
 * write-ahead log into the database (a PASSIVE checkpoint: it never waits for, nor blocks, the
 * writer or the readers) every `everyMs`, and once more when asked to stop.
 */
interface CheckpointWorkerData {
  path: string;
  everyMs: number;
}

if (parentPort) {
  const port = parentPort;
  const { path, everyMs } = workerData as CheckpointWorkerData;
  lowerThreadPriority();
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  const checkpoint = () => {
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      port.postMessage({ checkpointed: result.checkpointed, log: result.log });
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  const timer = setInterval(checkpoint, everyMs);
  port.on('message', (message: string) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    checkpoint();
    db.close();
    port.postMessage({ stopped: true });
  });
}
