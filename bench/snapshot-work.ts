import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogStore } from '@authtrail/event-log';
import {
  fromSnapshot,
  readSavedSnapshot,
  snapshotJsonPieces,
  toSnapshot,
} from '@authtrail/sessions';
import { sessionRows } from '../apps/audit-service/src/projection/snapshot-cadence';
import { copyFleetLog } from './fleet-log';
import { median } from './stats';

export interface SnapshotWork {
  /** Session rows the projection holds: the entries between two snapshots at this size. */
  rows: number;
  /** One snapshot's work, as the service does it: serialised in pieces, then written (ms). */
  ms: number;
  each_ms: number[];
}

/**
 * What one projection snapshot of the fleet's log at `sessions` costs, in this process: its
 * projection loaded from the log's own snapshot, then, `rounds` times, serialised in the pieces
 * the service writes a large snapshot in and saved into a copy of the log (insert and fsync), as
 * the service's writer does. The service spreads the serialising over turns of its event loop and
 * ingest waits for the write, so the sum is what a snapshot holds ingest back.
 */
export async function snapshotWork(
  sessions: number,
  hosts: number,
  rounds: number,
): Promise<SnapshotWork> {
  const dir = mkdtempSync(join(tmpdir(), 'authtrail-bench-snapshot-work-'));
  const path = join(dir, 'log.db');
  try {
    await copyFleetLog(path, sessions, hosts);
    const store = openLogStore(path);
    try {
      const { log, snapshots } = store;
      const saved = snapshots.atOrBefore(log.lastSeq());
      const stored = saved && readSavedSnapshot(saved, log.hashAt(saved.seq));
      if (!saved || !stored) throw new Error(`${path} has no snapshot of its own to load`);
      const state = fromSnapshot(stored);
      const each: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const started = performance.now();
        const snapshot = toSnapshot(state);
        const text = [...snapshotJsonPieces(snapshot)].join('');
        snapshots.save(
          {
            seq: saved.seq,
            entryHash: saved.entryHash,
            maxOccurredMs: saved.maxOccurredMs,
            state: text,
          },
          new Date().toISOString(),
        );
        each.push(Math.round(performance.now() - started));
      }
      return { rows: sessionRows(state), ms: median(each), each_ms: each };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
