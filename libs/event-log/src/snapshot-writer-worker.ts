import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { snapshotInserter, type SnapshotRowToWrite } from './snapshot-sql';
import { lowerThreadPriority } from './thread-priority';

/** What the writer thread is sent: a piece of a snapshot's state, its end, or the stop. */
export type SnapshotWriterMessage =
  | { kind: 'piece'; stream: number; piece: string }
  | { kind: 'finish'; id: number; stream: number; row: Omit<SnapshotRowToWrite, 'state'> }
  | { kind: 'abort'; stream: number }
  | { kind: 'stop'; id: number };

/**
 * Worker entry of SnapshotWriter: its own connection to the log file. It gathers the pieces of
 * each snapshot's state as they are sent (so no large string crosses threads at once) and
 * inserts the snapshot when told it is complete, one transaction (and fsync) each.
 */
if (parentPort) {
  const port = parentPort;
  lowerThreadPriority();
  const db = new Database((workerData as { path: string }).path, {
    fileMustExist: true,
    timeout: 10_000,
  });
  db.pragma('synchronous = FULL');
  const insert = snapshotInserter(db);
  const streams = new Map<number, string[]>();
  port.on('message', (message: SnapshotWriterMessage) => {
    switch (message.kind) {
      case 'piece': {
        let pieces = streams.get(message.stream);
        if (!pieces) streams.set(message.stream, (pieces = []));
        pieces.push(message.piece);
        return;
      }
      case 'abort':
        streams.delete(message.stream);
        return;
      case 'finish': {
        const state = (streams.get(message.stream) ?? []).join('');
        streams.delete(message.stream);
        try {
          insert({ ...message.row, state });
          port.postMessage({ id: message.id });
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          port.postMessage({ id: message.id, error: text });
        }
        return;
      }
      case 'stop':
        db.close();
        port.postMessage({ id: message.id });
        return;
    }
  });
}
