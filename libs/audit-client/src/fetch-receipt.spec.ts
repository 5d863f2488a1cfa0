import { RpcErrorCode, Subjects } from '@authtrail/contracts';
import { parseProof, parseVerifierKey } from '@authtrail/signed-note';
import { entryTextOf, ReceiptLog } from '../../../test/fixtures/receipt-log';
import { checkReceipt } from './check-receipt';
import { fetchReceipt, logSeqOfEvent } from './fetch-receipt';
import { ReceiptError } from './receipt-errors';
import { RpcReplyError, type RpcCall } from './rpc-call';

/**
 * The service's answers, from a log in memory: `signed()` is the size of the newest checkpoint
 * (undefined: none signed yet), `logged()` how many entries the log holds so far.
 */
function inMemoryService(
  log: ReceiptLog,
  signed: () => number | undefined,
  logged = () => log.entries.length,
): { call: RpcCall; asked: string[] } {
  const asked: string[] = [];
  const notFound = (subject: string) =>
    new RpcReplyError(subject, { code: RpcErrorCode.NotFound, message: 'not found' });
  const answer = (subject: string, body: Record<string, unknown>): unknown => {
    asked.push(subject);
    if (subject === Subjects.checkpoint) {
      const size = signed();
      if (size === undefined) throw notFound(subject);
      return log.checkpoint(size);
    }
    if (subject === Subjects.inclusionProof) {
      return log.inclusion(body.seq as number, body.size as number);
    }
    const [[field, , value]] = body.filters as [string, string, unknown][];
    const entries = log.entries.slice(0, logged());
    if (field === 'seq') return (value as number) <= entries.length ? 1 : 0;
    const index = entries.findIndex((text) => JSON.parse(text).event_id === value);
    if (index < 0) throw notFound(subject);
    return { seq: index + 1 };
  };
  const call = ((subject: string, body: Record<string, unknown>) =>
    new Promise((resolve) => resolve(answer(subject, body) as never))) as RpcCall;
  return { call, asked };
}

const log = new ReceiptLog('example.com/authtrail', 6);
const verifier = parseVerifierKey(log.key.verifierKey);

describe('fetchReceipt', () => {
  it('proves the entry against the newest checkpoint', async () => {
    const { call, asked } = inMemoryService(log, () => 5);
    const receipt = await fetchReceipt(call, 2);
    expect(checkReceipt(receipt, verifier)).toMatchObject({ seq: 2, size: 5 });
    expect(asked).toEqual([Subjects.checkpoint, Subjects.inclusionProof]);
  });

  it('waits for a checkpoint that covers an entry newer than the newest', async () => {
    const started = Date.now();
    const { call } = inMemoryService(log, () => (Date.now() - started < 300 ? 4 : 6));
    const receipt = await fetchReceipt(call, 6, { waitMs: 3_000, pollMs: 50 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(checkReceipt(receipt, verifier)).toMatchObject({ seq: 6, size: 6 });
  });

  it('gives up after the wait, saying the entry is logged but not covered', async () => {
    const { call } = inMemoryService(log, () => 4);
    await expect(fetchReceipt(call, 6, { waitMs: 200, pollMs: 50 })).rejects.toThrow(
      new ReceiptError(
        'entry 6 is in the log, but no signed checkpoint covers it after 200 ms ' +
          '(the newest is of size 4): is the service signing checkpoints?',
      ),
    );
    const unsigned = inMemoryService(log, () => undefined);
    await expect(fetchReceipt(unsigned.call, 1, { waitMs: 100, pollMs: 50 })).rejects.toThrow(
      /covers it after 100 ms \(none is signed yet\)/,
    );
  });

  it('refuses at once an entry the log does not have', async () => {
    const { call, asked } = inMemoryService(log, () => 6);
    const started = Date.now();
    await expect(fetchReceipt(call, 7, { waitMs: 2_000 })).rejects.toThrow(
      new ReceiptError('the log has no entry 7'),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(asked).toEqual([Subjects.checkpoint, Subjects.logQuery]);
  });

  it('passes on an error of the service other than a missing checkpoint', async () => {
    const failing: RpcCall = (subject) =>
      Promise.reject(new RpcReplyError(subject, { code: RpcErrorCode.Internal, message: 'boom' }));
    await expect(fetchReceipt(failing, 1)).rejects.toThrow('audit.checkpoint: boom');
  });
});

describe('logSeqOfEvent', () => {
  const eventId = (seq: number) => JSON.parse(entryTextOf(seq)).event_id as string;

  it('finds the seq of a logged event, whatever the case of its id', async () => {
    const { call } = inMemoryService(log, () => 6);
    await expect(logSeqOfEvent(call, eventId(4))).resolves.toBe(4);
    await expect(logSeqOfEvent(call, eventId(4).toUpperCase())).resolves.toBe(4);
  });

  it('waits for an event on its way into the log, then gives up naming it', async () => {
    const started = Date.now();
    const { call } = inMemoryService(
      log,
      () => 6,
      () => (Date.now() - started < 200 ? 4 : 6),
    );
    await expect(logSeqOfEvent(call, eventId(5), { pollMs: 50 })).resolves.toBe(5);
    const never = inMemoryService(
      log,
      () => 6,
      () => 4,
    );
    await expect(
      logSeqOfEvent(never.call, eventId(6), { waitMs: 150, pollMs: 50 }),
    ).rejects.toThrow(
      new ReceiptError(
        `event ${eventId(6)} is not in the log after 150 ms: not yet ingested, or refused ` +
          '(a refused event is in the dead letters)',
      ),
    );
  });

  it('makes receipts whose entry text is the event’s', async () => {
    const { call } = inMemoryService(log, () => 6);
    const seq = await logSeqOfEvent(call, eventId(3));
    const extra = parseProof(await fetchReceipt(call, seq)).extra!;
    expect(Buffer.from(extra).toString('utf8')).toBe(entryTextOf(3));
  });
});
