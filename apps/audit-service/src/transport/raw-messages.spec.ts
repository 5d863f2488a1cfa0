import type { JsMsg, StoredMsg } from 'nats';
import { batchPayload, fromStored } from './raw-messages';
import type { RawEventMessage } from './raw-event';

const data = (text: string) => new TextEncoder().encode(text);
const ACK = '$JS.ACK.AUTH_EVENTS.authtrail.2.SEQ.9.1795840320123999999.0';

function delivered(seq: number): JsMsg {
  return {
    subject: `auth.events.nas.login`,
    data: data(`m${seq}`),
    reply: ACK.replace('SEQ', String(seq)),
    info: { deliveryCount: 2, timestampNanos: 0 },
  } as unknown as JsMsg;
}

function stored(seq: number): StoredMsg {
  return {
    subject: 'auth.events.nas.logout',
    data: data(`s${seq}`),
    seq,
    time: new Date('2026-01-02T03:04:05.006Z'),
  } as unknown as StoredMsg;
}

describe('fromStored', () => {
  it('keeps where and when the stream stored it, never delivered', () => {
    expect(fromStored(stored(7))).toEqual({
      subject: 'auth.events.nas.logout',
      data: data('s7'),
      streamSeq: 7,
      deliveryCount: 0,
      storedAt: new Date('2026-01-02T03:04:05.006Z'),
    });
  });
});

describe('batchPayload', () => {
  it('puts what was read from the stream in the gaps between delivered messages', () => {
    const read = new Map<number, RawEventMessage>([[6, fromStored(stored(6))]]);
    const payload = batchPayload([{ seq: 5, delivered: delivered(5) }, { seq: 6 }], read);
    expect(payload).toEqual([
      {
        subject: 'auth.events.nas.login',
        data: data('m5'),
        streamSeq: 5,
        deliveryCount: 2,
        storedAt: new Date(1795840320123),
      },
      fromStored(stored(6)),
    ]);
  });

  it('leaves out a sequence the stream had no message for', () => {
    const payload = batchPayload([{ seq: 5 }, { seq: 6, delivered: delivered(6) }], new Map());
    expect(payload.map((m) => m.streamSeq)).toEqual([6]);
  });
});
