import { RpcErrorCode, Subjects, type CheckpointReply } from '@authtrail/contracts';
import { pollUntil } from './poll';
import { ReceiptError } from './receipt-errors';
import { receiptText } from './receipt-text';
import { replyErrorCode, type RpcCall } from './rpc-call';

/** How long to wait for what a receipt needs: the entry logged, a checkpoint covering it. */
export interface ReceiptWait {
  /** Default 3,000 ms: the service signs a new checkpoint within a second of an append. */
  waitMs?: number;
  /** Between two looks; default 200 ms. */
  pollMs?: number;
}

const DEFAULT_WAIT = { waitMs: 3_000, pollMs: 200 };

/** The request's result; undefined when the service answered that it has none (404). */
async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (replyErrorCode(error) === RpcErrorCode.NotFound) return undefined;
    throw error;
  }
}

async function entryExists(call: RpcCall, seq: number): Promise<boolean> {
  const count = await call(Subjects.logQuery, {
    filters: [['seq', '=', seq]],
    options: { count: true },
  });
  return count === 1;
}

/**
 * The newest signed checkpoint, once it covers entry `seq`: an entry newer than the newest
 * checkpoint is waited for (the service signs within a second), up to `waitMs`; an entry the log
 * does not have is a ReceiptError at once.
 */
export async function checkpointCovering(
  call: RpcCall,
  seq: number,
  wait: ReceiptWait = {},
): Promise<CheckpointReply> {
  const { waitMs, pollMs } = { ...DEFAULT_WAIT, ...wait };
  let newest: CheckpointReply | undefined;
  let exists = false;
  const covering = await pollUntil(Date.now() + waitMs, pollMs, async () => {
    newest = await unlessNotFound(call(Subjects.checkpoint, {}));
    if (newest !== undefined && newest.size >= seq) return newest;
    exists ||= await entryExists(call, seq);
    if (!exists) throw new ReceiptError(`the log has no entry ${seq}`);
    return undefined;
  });
  if (covering !== undefined) return covering;
  const signed =
    newest === undefined ? 'none is signed yet' : `the newest is of size ${newest.size}`;
  throw new ReceiptError(
    `entry ${seq} is in the log, but no signed checkpoint covers it after ${waitMs} ms ` +
      `(${signed}): is the service signing checkpoints?`,
  );
}

/**
 * The receipt of log entry `seq` (see receiptText), against the newest signed checkpoint that
 * covers it (see checkpointCovering): its audit.proof.inclusion at that checkpoint's size.
 */
export async function fetchReceipt(
  call: RpcCall,
  seq: number,
  wait: ReceiptWait = {},
): Promise<string> {
  const checkpoint = await checkpointCovering(call, seq, wait);
  return receiptText(
    await call(Subjects.inclusionProof, { seq, size: checkpoint.size }),
    checkpoint,
  );
}

/**
 * The receipts of several entries against one signed checkpoint, the newest that covers them
 * all: evidence that each is in the same log, checkable offline with one key.
 */
export async function fetchReceipts(
  call: RpcCall,
  seqs: readonly number[],
  wait: ReceiptWait = {},
): Promise<{ checkpoint: CheckpointReply; receipts: { seq: number; receipt: string }[] }> {
  const checkpoint = await checkpointCovering(call, Math.max(...seqs), wait);
  const receipts = [];
  for (const seq of seqs) {
    const proof = await call(Subjects.inclusionProof, { seq, size: checkpoint.size });
    receipts.push({ seq, receipt: receiptText(proof, checkpoint) });
  }
  return { checkpoint, receipts };
}

/**
 * The log seq of the entry of event `eventId` (audit.log.query, `get`), waiting up to `waitMs`
 * for the service to log an event just published; a ReceiptError when it is not logged by then
 * (still on its way, or refused: see the dead letters).
 */
export async function logSeqOfEvent(
  call: RpcCall,
  eventId: string,
  wait: ReceiptWait = {},
): Promise<number> {
  const { waitMs, pollMs } = { ...DEFAULT_WAIT, ...wait };
  const id = eventId.toLowerCase(); // the log keeps event ids in lower case
  const seq = await pollUntil(Date.now() + waitMs, pollMs, async () => {
    const entry = await unlessNotFound(
      call(Subjects.logQuery, {
        filters: [['event_id', '=', id]],
        options: { get: true, select: ['seq'] },
      }),
    );
    return (entry as { seq: number } | undefined)?.seq;
  });
  if (seq !== undefined) return seq;
  throw new ReceiptError(
    `event ${id} is not in the log after ${waitMs} ms: not yet ingested, or refused ` +
      '(a refused event is in the dead letters)',
  );
}
