import { headers, type MsgHdrs } from 'nats';
import { readReplayMessage } from '@authtrail/audit-client';
import { CliError } from '../errors/cli-error';
import { RemoteError } from '../rpc/rpc-client';
import { replayError } from './replay-failure';

const encoder = new TextEncoder();

function msg(body: string, hdrs?: MsgHdrs) {
  return { data: encoder.encode(body), headers: hdrs };
}

/** A reply message as the CLI reads it: its failures thrown in the CLI's words. */
function read(message: ReturnType<typeof msg>) {
  const read = readReplayMessage(message);
  if ('failure' in read) throw replayError(read.failure);
  return read;
}

describe('replay messages as the CLI reads them', () => {
  it('throws the error body as a RemoteError', () => {
    const body = { code: 400, message: 'bad', errors: [['from_seq', 'nope', 22]] };
    expect(() => read(msg(JSON.stringify({ error: body })))).toThrow(RemoteError);
  });

  it('reports no responders and malformed replies as CliErrors', () => {
    const status = headers(503, 'No Responders');
    expect(() => read(msg('', status))).toThrow(
      new CliError('no authtrail service is answering on audit.replay'),
    );
    expect(() => read(msg('{oops'))).toThrow('not JSON');
    expect(() => read(msg('{"result":{}}'))).toThrow('without a result list');
  });

  it('names the silence and the closed connection', () => {
    expect(replayError({ type: 'idle', idleMs: 10_000 }).message).toBe(
      'audit.replay: the authtrail service sent nothing for 10 s',
    );
    expect(replayError({ type: 'closed' }).message).toBe(
      'audit.replay: the connection closed mid-stream',
    );
  });
});
