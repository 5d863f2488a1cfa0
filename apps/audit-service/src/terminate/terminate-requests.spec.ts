import { MalformedRequest } from '../rpc/json-request.deserializer';
import { RpcError } from '../rpc/rpc-error';
import { parseTerminateOthersRequest, parseTerminateSessionRequest } from './terminate-requests';

function refusal(parse: () => unknown): unknown {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return (error as RpcError).body;
  }
  throw new Error('not refused');
}

describe('parseTerminateSessionRequest', () => {
  it('reads the id and the optional host, requested_by and caller_session_id', () => {
    expect(parseTerminateSessionRequest({ id: 's1' })).toEqual({ id: 's1' });
    expect(
      parseTerminateSessionRequest({
        id: 's1',
        host: 'nas',
        requested_by: 'alice',
        caller_session_id: 'c',
      }),
    ).toEqual({ id: 's1', host: 'nas', requestedBy: 'alice', callerSessionId: 'c' });
  });

  it('names every bad member at once: missing, wrong types, huge values, unknown keys', () => {
    expect(
      refusal(() => parseTerminateSessionRequest({ host: 7, requested_by: '', x: 1 })),
    ).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [
        ['x', 'Extra inputs are not permitted', 22],
        ['id', 'Field required', 22],
        ['host', 'Input should be a host name of 1-64 of [A-Za-z0-9_-]', 22],
        ['requested_by', 'Input should be a string of 1 to 256 characters', 22],
      ],
    });
    expect(
      refusal(() =>
        parseTerminateSessionRequest({ id: 'x'.repeat(1_000_000), caller_session_id: [] }),
      ),
    ).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [
        ['id', 'Input should be a string of 1 to 128 characters', 22],
        ['caller_session_id', 'Input should be a string of 1 to 128 characters', 22],
      ],
    });
  });

  it('refuses a body that is not a JSON object', () => {
    expect(refusal(() => parseTerminateSessionRequest([]))).toEqual({
      code: 400,
      message: 'the request must be a JSON object',
    });
    expect(refusal(() => parseTerminateSessionRequest(new MalformedRequest('not JSON')))).toEqual({
      code: 400,
      message: 'not JSON',
    });
  });
});

describe('parseTerminateOthersRequest', () => {
  it('needs the caller session and takes host and requested_by', () => {
    expect(parseTerminateOthersRequest({ caller_session_id: 'c', host: 'nas' })).toEqual({
      callerSessionId: 'c',
      host: 'nas',
    });
    expect(refusal(() => parseTerminateOthersRequest({ id: 's1' }))).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [
        ['id', 'Extra inputs are not permitted', 22],
        ['caller_session_id', 'Field required', 22],
      ],
    });
  });
});
