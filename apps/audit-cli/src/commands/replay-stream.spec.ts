import { headers, type MsgHdrs } from 'nats';
import { CliError, RemoteError } from '../rpc/rpc-client';
import { readReplayMessage } from './replay-stream';

const encoder = new TextEncoder();

function msg(body: string, hdrs?: MsgHdrs) {
  return { data: encoder.encode(body), headers: hdrs };
}

describe('readReplayMessage', () => {
  it('reads entries, and an empty body as the end', () => {
    expect(readReplayMessage(msg('{"result":[{"seq":1},{"seq":2}]}'))).toEqual({
      entries: [{ seq: 1 }, { seq: 2 }],
    });
    expect(readReplayMessage(msg(''))).toEqual({ end: true });
  });

  it('throws the error body as a RemoteError', () => {
    const body = { code: 400, message: 'bad', errors: [['from_seq', 'nope', 22]] };
    expect(() => readReplayMessage(msg(JSON.stringify({ error: body })))).toThrow(RemoteError);
  });

  it('reports no responders and malformed replies as CliErrors', () => {
    const status = headers(503, 'No Responders');
    expect(() => readReplayMessage(msg('', status))).toThrow(
      new CliError('no authtrail service is answering on audit.replay'),
    );
    expect(() => readReplayMessage(msg('{oops'))).toThrow('not JSON');
    expect(() => readReplayMessage(msg('{"result":{}}'))).toThrow('without a result list');
  });
});
