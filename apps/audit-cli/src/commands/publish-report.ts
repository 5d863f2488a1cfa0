import { RpcErrorCode, Subjects } from '@authtrail/contracts';
import type { PublishReceipt } from '@authtrail/publisher';
import { CliError } from '../errors/cli-error';
import { RemoteError, type RpcClient } from '../rpc/rpc-client';

/** Most stream sequences one `in` filter of the check lists. */
const IN_CHUNK = 500;
/** How long the check waits for the service to reach the last event (504s are asked again). */
const WAIT_MS = 30_000;

/**
 * The filter lists that together match the log entries at `seqs` (each list is one query): a
 * run of consecutive sequences is one range, the sequences outside runs are `in` lists.
 */
export function storedSeqFilters(seqs: readonly number[]): unknown[][][] {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const queries: unknown[][][] = [];
  const singles: number[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end += 1;
    if (end > start) {
      queries.push([
        ['stream_seq', '>=', sorted[start]],
        ['stream_seq', '<=', sorted[end]],
      ]);
    } else singles.push(sorted[start]);
    start = end + 1;
  }
  for (let i = 0; i < singles.length; i += IN_CHUNK) {
    queries.push([['stream_seq', 'in', singles.slice(i, i + IN_CHUNK)]]);
  }
  return queries;
}

/** What JetStream did with the events: how many it stored and how many it dropped. */
export function publishSummary(receipts: readonly PublishReceipt[]): string {
  const duplicates = receipts.filter((r) => r.duplicate).length;
  const last = receipts.at(-1)?.seq ?? 0;
  return `published ${receipts.length - duplicates} event(s), ${duplicates} duplicate(s), last stream seq ${last}`;
}

/** What the log did with the `sent` events JetStream stored, of which it holds `stored`. */
export function storedSummary(sent: number, stored: number): string {
  const text = `the log stored ${stored} of ${sent}`;
  if (stored >= sent) return text;
  return `${text}: ${sent - stored} had an event id already in the log, or the service refused them (see dead_letters in audit stats)`;
}

/** Waits until the service has handled stream sequence `seq` (read-your-writes on `host`). */
async function waitHandled(rpc: RpcClient, host: string, seq: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await rpc.request(Subjects.sessions, { host, after_seq: seq, options: { count: true } });
      return;
    } catch (error) {
      const timedOut = error instanceof RemoteError && error.body.code === RpcErrorCode.Timeout;
      if (!timedOut || Date.now() >= deadline) throw error;
    }
  }
}

/**
 * The line that says what the service did with the events JetStream stored (a publish ack
 * cannot tell: JetStream only drops a repeated Nats-Msg-Id within its duplicate window, and
 * the service keeps one entry per event id). Empty when JetStream stored none.
 */
export async function logReport(
  rpc: RpcClient,
  host: string,
  receipts: readonly PublishReceipt[],
): Promise<string | undefined> {
  const seqs = receipts.filter((r) => !r.duplicate).map((r) => r.seq);
  if (seqs.length === 0) return undefined;
  try {
    await waitHandled(rpc, host, Math.max(...seqs));
    let stored = 0;
    for (const filters of storedSeqFilters(seqs)) {
      const count = await rpc.request(Subjects.logQuery, { filters, options: { count: true } });
      stored += count as number; // `count: true` answers a number
    }
    return storedSummary(seqs.length, stored);
  } catch (error) {
    const reason = error instanceof CliError ? error.message : String(error);
    return `not checked whether the log stored them: ${reason}`;
  }
}
