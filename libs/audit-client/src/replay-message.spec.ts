import { headers } from 'nats';
import { readReplayMessage } from './replay-message';

const encoder = new TextEncoder();
const message = (text: string) => ({ data: encoder.encode(text), headers: undefined });

describe('readReplayMessage', () => {
  it('reads entries, and the empty message that closes the stream', () => {
    expect(readReplayMessage(message('{"result":[{"seq":1},{"seq":2}]}'))).toEqual({
      entries: [{ seq: 1 }, { seq: 2 }],
    });
    expect(readReplayMessage(message(''))).toEqual({ end: true });
  });

  it('says when nobody listens on audit.replay', () => {
    const status = headers(503, 'No Responders');
    expect(readReplayMessage({ data: new Uint8Array(), headers: status })).toEqual({
      failure: { type: 'noResponders' },
    });
  });

  it('hands over an error body as it is, a busy service (503) included', () => {
    const body = { code: 400, message: 'Invalid params', errors: [['from_seq', 'nope', 22]] };
    expect(readReplayMessage(message(JSON.stringify({ error: body })))).toEqual({
      failure: { type: 'error', error: body },
    });
    expect(
      readReplayMessage(message('{"error":{"code":503,"message":"the service is busy"}}')),
    ).toEqual({ failure: { type: 'error', error: { code: 503, message: 'the service is busy' } } });
  });

  it('names a reply that is not JSON, or has no result list', () => {
    expect(readReplayMessage(message('{oops'))).toEqual({ failure: { type: 'notJson' } });
    expect(readReplayMessage(message('{"result":{}}'))).toEqual({
      failure: { type: 'noResultList' },
    });
    expect(readReplayMessage(message('null'))).toEqual({ failure: { type: 'noResultList' } });
  });
});
