import { headers } from 'nats';
import { readReplayMessage } from '@authtrail/audit-client';
import { NoPeerError, PeerBusyError, peerReplayError } from './peer-replay';

const encoder = new TextEncoder();
const message = (text: string) => ({ data: encoder.encode(text), headers: undefined });

/** A reply message as a replica reads it: its failures thrown in the bootstrap's words. */
function readReplayReply(msg: Parameters<typeof readReplayMessage>[0]) {
  const read = readReplayMessage(msg);
  if ('failure' in read) throw peerReplayError(read.failure);
  return read;
}

describe('replay messages as a replica reads them', () => {
  it('says when no replica is listening', () => {
    const status = headers(503, 'No Responders');
    expect(() => readReplayReply({ data: new Uint8Array(), headers: status })).toThrow(
      new NoPeerError('no replica answers audit.replay'),
    );
  });

  it('tells a busy peer (503) apart from a refusal', () => {
    const busy = () =>
      readReplayReply(message('{"error":{"code":503,"message":"the service is busy"}}'));
    expect(busy).toThrow(PeerBusyError);
    expect(busy).toThrow('the service is busy');
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

  it('names a silent peer and a closed connection', () => {
    expect(peerReplayError({ type: 'idle', idleMs: 10_000 }).message).toBe(
      'the peer answering audit.replay sent nothing for 10 s',
    );
    expect(peerReplayError({ type: 'closed' }).message).toBe(
      'the NATS connection closed during the replay',
    );
  });
});
