import { headers } from 'nats';
import { readReplayReply } from './replay-reply';

const encoder = new TextEncoder();
const message = (text: string) => ({ data: encoder.encode(text), headers: undefined });

describe('readReplayReply', () => {
  it('reads entries, and the empty message that closes the stream', () => {
    expect(readReplayReply(message('{"result":[{"seq":1}]}'))).toEqual({ entries: [{ seq: 1 }] });
    expect(readReplayReply(message(''))).toEqual({ end: true });
  });

  it('says when no replica is listening', () => {
    const status = headers(503, 'No Responders');
    expect(readReplayReply({ data: new Uint8Array(), headers: status })).toEqual({ noPeer: true });
  });

  it('tells a busy peer (503) apart from a refusal', () => {
    expect(
      readReplayReply(message('{"error":{"code":503,"message":"the service is busy"}}')),
    ).toEqual({ busy: 'the service is busy' });
  });

  it('turns error replies and garbage into one-line refusals', () => {
    expect(() =>
      readReplayReply(message('{"error":{"code":400,"message":"Invalid params"}}')),
    ).toThrow('a peer answered audit.replay with error 400: Invalid params');
    expect(() => readReplayReply(message('{'))).toThrow(
      'a peer sent a reply on audit.replay that is not JSON',
    );
    expect(() => readReplayReply(message('{"result":{}}'))).toThrow(/without a result list/);
    expect(() => readReplayReply(message('null'))).toThrow(/without a result list/);
  });
});
