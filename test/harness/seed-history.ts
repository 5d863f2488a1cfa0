import type { NewLogEntry } from '@authtrail/contracts';
import { openLogStore } from '@authtrail/event-log';
import { evolve, initialSessionsState, snapshotJson, toSnapshot } from '@authtrail/sessions';
import { eventStream } from '../fixtures/event-history';

const SNAPSHOT_EVERY = 10_000;

/**
 * Writes `count` entries of `hosts` hosts into a new log file as the service would (batches, hash
 * chain, a snapshot every 10,000), before any service opens it; at most 200 live sessions per
 * host, the events drawn with `randomSeed`. Returns the occurred_at range (ms) of the entries.
 * The audit benchmark seeds its logs with it too.
 */
export async function seedHistory(
  path: string,
  count: number,
  hosts: number,
  randomSeed = 7,
): Promise<{ first: number; last: number }> {
  const store = openLogStore(path);
  const { log, snapshots } = store;
  const state = initialSessionsState();
  let batch: NewLogEntry[] = [];
  let lastSnapshot = 0;
  let first = 0;
  const flush = () => {
    for (const entry of log.append(batch).appended) evolve(state, entry);
    batch = [];
    if (state.lastSeq - lastSnapshot >= SNAPSHOT_EVERY) {
      const seq = state.lastSeq;
      snapshots.save(
        {
          seq,
          entryHash: log.hashAt(seq)!,
          maxOccurredMs: log.maxOccurredMs(),
          state: snapshotJson(toSnapshot(state)),
        },
        'seed',
      );
      lastSnapshot = seq;
    }
  };
  try {
    for (const event of eventStream(count, hosts, randomSeed, 0, 200)) {
      if (first === 0) first = Date.parse(event.occurred_at);
      batch.push({ ...event, recorded_at: event.occurred_at, event, stream_seq: 0, redacted: [] });
      if (batch.length === 5000) flush();
    }
    flush();
    return { first, last: log.maxOccurredMs() };
  } finally {
    await store.close();
  }
}
