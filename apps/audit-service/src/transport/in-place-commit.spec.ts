import type { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import type { JsMsg } from 'nats';
import { of } from 'rxjs';
import { InPlaceCommit } from './in-place-commit';
import type { JetStreamContext } from './jetstream.context';
import type { RawEventMessage } from './raw-event';

const ACK = (seq: number) => `$JS.ACK.AUTH_EVENTS.authtrail.1.${seq}.${seq}.1795840320123000000.0`;

function delivered(seq: number) {
  const message = {
    subject: 'auth.events.nas.login',
    data: new Uint8Array([seq]),
    reply: ACK(seq),
    info: { deliveryCount: 1, timestampNanos: 0 },
    working: jest.fn(),
  };
  return message as typeof message & JsMsg;
}

function fromStream(seq: number): RawEventMessage {
  return {
    subject: 's',
    data: new Uint8Array(),
    streamSeq: seq,
    deliveryCount: 0,
    storedAt: new Date(0),
  };
}

function setUp(
  outcomes: ('fail' | 'ok')[],
  { running = () => true, inStream = true }: { running?: () => boolean; inStream?: boolean } = {},
) {
  const lines: string[] = [];
  const logger = {
    log: (line: string) => lines.push(`log: ${line}`),
    error: (line: string) => lines.push(`error: ${line}`),
  } as unknown as Logger;
  const calls: { seqs: number[]; context: JetStreamContext }[] = [];
  const handler = ((payload: RawEventMessage[], context: JetStreamContext) => {
    calls.push({ seqs: payload.map((m) => m.streamSeq), context });
    if (outcomes.shift() === 'fail') return Promise.reject(new Error('database is locked'));
    return Promise.resolve(of({ appended: payload.length }));
  }) as unknown as MessageHandler;
  const reads: number[][] = [];
  const read = (seqs: number[]) => {
    reads.push(seqs);
    return Promise.resolve(new Map(inStream ? seqs.map((seq) => [seq, fromStream(seq)]) : []));
  };
  const commits = new InPlaceCommit({ stream: 'AUTH_EVENTS', handler, read, running, logger });
  return { commits, lines, calls, reads };
}

describe('InPlaceCommit', () => {
  it('hands the batch in stream order, gaps read from the stream, with its context', async () => {
    const { commits, calls, reads } = setUp(['ok']);
    const batch = [{ seq: 4 }, { seq: 5, delivered: delivered(5) }, { seq: 6 }];
    await expect(commits.commit(batch)).resolves.toBe(true);
    expect(reads).toEqual([[4, 6]]);
    expect(calls.map((c) => c.seqs)).toEqual([[4, 5, 6]]);
    const { context } = calls[0];
    expect([context.getStream(), context.getFirstStreamSeq(), context.getBatchSize()]).toEqual([
      'AUTH_EVENTS',
      4,
      3,
    ]);
  });

  it('retries a failing batch in place, keeping its messages, with one line each way', async () => {
    const { commits, lines, calls } = setUp(['fail', 'fail', 'ok']);
    const message = delivered(9);
    await expect(commits.commit([{ seq: 9, delivered: message }])).resolves.toBe(true);
    expect(calls).toHaveLength(3);
    expect(message.working).toHaveBeenCalledTimes(2);
    expect(lines).toEqual([
      'error: ingest batch failed, retrying in place: database is locked',
      'log: ingest recovered: batches commit again',
    ]);
  });

  it('gives up when the loop stops while a batch fails', async () => {
    let on = true;
    const { commits } = setUp(['fail', 'fail'], { running: () => on });
    const committing = commits.commit([{ seq: 9, delivered: delivered(9) }]);
    on = false;
    await expect(committing).resolves.toBe(false);
  });

  it('has nothing to hand on when the stream had no message for the batch', async () => {
    const { commits, calls } = setUp([], { inStream: false });
    await expect(commits.commit([{ seq: 3 }])).resolves.toBe(true);
    expect(calls).toEqual([]);
  });
});
